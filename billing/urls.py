"""Billing pages under Partner Hub: /partner/<partner_id>/billing/… (reports, invoices).

Every URL names only the partner: report ids travel in the form body or the signed token.
"""

from django.urls import path

from billing import views

app_name = "billing"

urlpatterns = [
    path("reports/", views.ReportListView.as_view(), name="reports"),
    path("reports/new/", views.ReportCreateView.as_view(), name="report_create"),
    path("reports/delete/", views.ReportDeleteView.as_view(), name="report_delete"),
    path("reports/download/", views.ReportDownloadView.as_view(), name="report_download"),
    path("invoices/", views.InvoiceView.as_view(), name="invoices"),
    path("invoices/csv/", views.InvoiceCsvView.as_view(), name="invoice_csv"),
    path("invoices/print/", views.InvoicePrintView.as_view(), name="invoice_print"),
]
