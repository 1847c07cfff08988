"""Billing pages under Partner Hub: /partner/<partner_id>/billing/… (reports, invoices)."""

app_name = "billing"

urlpatterns: list = []
