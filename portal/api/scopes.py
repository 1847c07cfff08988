"""Webex's OAuth scope names, as the wholesale and partner API contracts use them."""

WHOLESALE_CUSTOMERS_READ = "spark-admin:wholesale_customers_read"
WHOLESALE_CUSTOMERS_WRITE = "spark-admin:wholesale_customers_write"
WHOLESALE_SUBSCRIBERS_READ = "spark-admin:wholesale_subscribers_read"
WHOLESALE_SUBSCRIBERS_WRITE = "spark-admin:wholesale_subscribers_write"
WHOLESALE_BILLING_REPORTS_READ = "spark-admin:wholesale_billing_reports_read"
WHOLESALE_BILLING_REPORTS_WRITE = "spark-admin:wholesale_billing_reports_write"
WHOLESALE_SUB_PARTNERS_READ = "spark-admin:wholesale_sub_partners_read"
ORGANIZATIONS_READ = "spark-admin:organizations_read"
ORGANIZATIONS_WRITE = "spark-admin:organizations_write"
PEOPLE_READ = "spark-admin:people_read"
PEOPLE_WRITE = "spark-admin:people_write"
LOCATIONS_READ = "spark-admin:locations_read"
LOCATIONS_WRITE = "spark-admin:locations_write"
WORKSPACES_READ = "spark-admin:workspaces_read"
WORKSPACES_WRITE = "spark-admin:workspaces_write"
DEVICES_READ = "spark-admin:devices_read"
DEVICES_WRITE = "spark-admin:devices_write"

WHOLESALE_READ = frozenset(
    {
        WHOLESALE_CUSTOMERS_READ,
        WHOLESALE_SUBSCRIBERS_READ,
        WHOLESALE_BILLING_REPORTS_READ,
        WHOLESALE_SUB_PARTNERS_READ,
    }
)
WHOLESALE_ALL = WHOLESALE_READ | {
    WHOLESALE_CUSTOMERS_WRITE,
    WHOLESALE_SUBSCRIBERS_WRITE,
    WHOLESALE_BILLING_REPORTS_WRITE,
}
PARTNER_READ = frozenset(
    {ORGANIZATIONS_READ, PEOPLE_READ, LOCATIONS_READ, WORKSPACES_READ, DEVICES_READ}
)
PARTNER_ALL = PARTNER_READ | {
    ORGANIZATIONS_WRITE,
    PEOPLE_WRITE,
    LOCATIONS_WRITE,
    WORKSPACES_WRITE,
    DEVICES_WRITE,
}
ALL = WHOLESALE_ALL | PARTNER_ALL
READ = WHOLESALE_READ | PARTNER_READ
