"""Report files live in the storage API, are written while the rows stream and are downloaded
in chunks (issue 17)."""

import io
from datetime import date

import pytest
from django.core.files.storage import default_storage

from billing import report_files, services
from billing.models import BillingReport, ReportStatus, ReportType
from portal.audit import Actor
from portal.models import Partner
from tests import demo
from tests.factories import PartnerFactory

pytestmark = pytest.mark.django_db


def new_report(django_capture_on_commit_callbacks, partner=None, **fields):
    with django_capture_on_commit_callbacks(execute=False):
        report = services.billing_report_create(
            partner=partner or Partner.objects.get(pk=demo.ACME),
            actor=Actor.system(),
            billing_start_date=fields.get("start", "2026-10-01"),
            billing_end_date=fields.get("end", "2026-10-15"),
            type=fields.get("type", "USER"),
        )
    return report


def test_a_completed_report_is_a_file_in_storage_not_a_row(django_capture_on_commit_callbacks):
    report = new_report(django_capture_on_commit_callbacks)
    services.billing_report_generate(report_id=report.pk)
    report.refresh_from_db()
    assert report.status == ReportStatus.COMPLETED
    assert report.file.name == f"billing-reports/{report.partner_id}/{report.pk}.csv"
    assert default_storage.exists(report.file.name)
    with report.file.open("rb") as stored:
        rows = report_files.parse(stored.read().decode())
    assert len(rows) == report.row_count > 0
    assert "content" not in {field.name for field in BillingReport._meta.fields}


def test_deleting_a_report_removes_its_file_once_committed(django_capture_on_commit_callbacks):
    report = new_report(django_capture_on_commit_callbacks)
    services.billing_report_generate(report_id=report.pk)
    report.refresh_from_db()
    name = report.file.name
    with django_capture_on_commit_callbacks(execute=False) as pending:
        services.billing_report_delete(report=report, actor=Actor.system())
    assert default_storage.exists(name)  # not before the commit: a rollback keeps it usable
    for callback in pending:
        callback()
    assert not default_storage.exists(name)


def test_a_failure_after_the_file_is_stored_leaves_no_file(
    django_capture_on_commit_callbacks, monkeypatch
):
    report = new_report(django_capture_on_commit_callbacks)
    saved = []
    real_save = default_storage.save

    def save_then_remember(name, content, **kwargs):
        saved.append(real_save(name, content, **kwargs))
        return saved[-1]

    def refuse(*args, **kwargs):
        raise RuntimeError("the database went away")

    monkeypatch.setattr(BillingReport.file.field.storage, "save", save_then_remember)
    monkeypatch.setattr(services, "_transition", refuse)
    with pytest.raises(RuntimeError):
        services.billing_report_generate(report_id=report.pk)
    assert saved and not default_storage.exists(saved[0])


def test_a_failed_report_stores_nothing(django_capture_on_commit_callbacks):
    unsubscribed = PartnerFactory()
    report = new_report(django_capture_on_commit_callbacks, partner=unsubscribed)
    services.billing_report_generate(report_id=report.pk)
    report.refresh_from_db()
    assert report.status == ReportStatus.FAILED and not report.file


def test_rows_are_written_as_they_arrive():
    """The writer holds one row at a time: each line is in the file before the next row is
    even read from the query."""
    out = io.StringIO()
    seen_before_row = []

    def rows():
        for n in range(3):
            seen_before_row.append(out.getvalue().count("\r\n"))
            yield {
                "partner_id": None,
                "partner__name": "Acme",
                "package": "webex_calling",
                "seconds": 86400,
                "first_day": date(2026, 10, 1),
                "last_day": date(2026, 10, 1 + n),
            }

    count = report_files.write(ReportType.PARTNER, rows(), out, subscription_id="S", skus={})
    assert count == 3
    assert seen_before_row == [1, 2, 3]  # the header, then one more line per row


def test_the_download_streams_from_storage(client, django_capture_on_commit_callbacks):
    from billing.api import download_url

    report = new_report(django_capture_on_commit_callbacks, type="PARTNER")
    services.billing_report_generate(report_id=report.pk)
    report.refresh_from_db()

    class Request:  # build_absolute_uri is all download_url needs
        @staticmethod
        def build_absolute_uri(path):
            return path

    response = client.get(download_url(Request, report))
    assert response.status_code == 200 and response.streaming
    assert response["Content-Disposition"] == f'attachment; filename="{report.filename}"'
    with report.file.open("rb") as stored:
        assert b"".join(response.streaming_content) == stored.read()
    default_storage.delete(report.file.name)  # the row points at a file that is gone: 404
    assert client.get(download_url(Request, report)).status_code == 404


@pytest.fixture
def s3_bucket(settings):
    """A real S3 endpoint on loopback (moto's server speaks the S3 HTTP protocol) and a bucket
    in it, as the default storage."""
    boto3 = pytest.importorskip("boto3")
    server_module = pytest.importorskip("moto.server")
    server = server_module.ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    endpoint = f"http://{host}:{port}"
    credentials = {"aws_access_key_id": "test", "aws_secret_access_key": "test"}
    s3 = boto3.client("s3", endpoint_url=endpoint, region_name="us-east-1", **credentials)
    s3.create_bucket(Bucket="reports")
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                "bucket_name": "reports",
                "endpoint_url": endpoint,
                "region_name": "us-east-1",
                "access_key": "test",
                "secret_key": "test",
                "file_overwrite": False,
            },
        },
    }
    yield s3
    server.stop()


def test_reports_can_live_in_an_s3_compatible_store(
    s3_bucket, client, django_capture_on_commit_callbacks
):
    from billing.api import download_url

    report = new_report(django_capture_on_commit_callbacks, type="CUSTOMER")
    services.billing_report_generate(report_id=report.pk)
    report.refresh_from_db()
    assert report.status == ReportStatus.COMPLETED
    stored = s3_bucket.get_object(Bucket="reports", Key=report.file.name)["Body"].read()
    assert len(report_files.parse(stored.decode())) == report.row_count > 0

    class Request:
        @staticmethod
        def build_absolute_uri(path):
            return path

    response = client.get(download_url(Request, report))
    assert response.status_code == 200 and response.streaming
    assert b"".join(response.streaming_content) == stored
    with django_capture_on_commit_callbacks(execute=True):
        services.billing_report_delete(report=report, actor=Actor.system())
    assert s3_bucket.list_objects_v2(Bucket="reports").get("KeyCount") == 0
