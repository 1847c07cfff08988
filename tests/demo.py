"""Names of the demo data set that tests lean on."""

from portal.demo import demo_id

ACME = demo_id("partner", "Acme Telecom")
NORTHWIND = demo_id("partner", "Northwind Reseller")
GLOBEX = demo_id("partner", "Globex Voice")
CONTOSO = demo_id("customer", "Contoso Dental")
FABRIKAM = demo_id("customer", "Fabrikam Law")
TAILSPIN = demo_id("customer", "Tailspin Traders")

ACME_ADMIN = "admin@acme-telecom.example"
ACME_READONLY = "readonly@acme-telecom.example"
ACME_SALES = "sales@acme-telecom.example"
NORTHWIND_ADMIN = "admin@northwind-reseller.example"
GLOBEX_ADMIN = "admin@globex-voice.example"
CONTOSO_ADMIN = "admin@contoso-dental.example"
CONTOSO_READONLY = "readonly@contoso-dental.example"
FABRIKAM_ADMIN = "admin@fabrikam-law.example"
TAILSPIN_ADMIN = "admin@tailspin-traders.example"
COMPLIANCE = "compliance@portal.example"
OPERATOR = "operator@portal.example"
PASSWORD = "demo-password"

# Control Hub objects (controlhub/demo.py)
CONTOSO_ADMIN_SUBSCRIBER = demo_id("subscriber", CONTOSO_ADMIN)
CONTOSO_HQ = demo_id("location", "Contoso Dental/Headquarters")
FABRIKAM_HQ = demo_id("location", "Fabrikam Law/Headquarters")
CONTOSO_RECEPTION = demo_id("workspace", "Contoso Dental/Reception")
FABRIKAM_LOBBY = demo_id("workspace", "Fabrikam Law/Lobby phone")
CONTOSO_DOOR_INTERCOM = demo_id("device", "Contoso Dental/Door intercom")  # customer-managed SIP
CONTOSO_PAGING = demo_id("device", "Contoso Dental/Paging gateway")  # partner-managed SIP
CONTOSO_RECEPTION_PHONE = demo_id("device", "Contoso Dental/Reception phone")  # Cisco by MAC

# An org awaiting its admin's approval of Acme's wholesale attach (partnerhub/demo.py)
WIDE_WORLD = demo_id("customer", "Wide World Importers")
WIDE_WORLD_ADMIN = "admin@wide-world-importers.example"
