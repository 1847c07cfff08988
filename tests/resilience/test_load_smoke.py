"""A bounded load smoke test (issue 15): many distinct requests at once through the threaded live
server on PostgreSQL answer without a 500, every accepted customer settles, and reads keep
answering meanwhile."""

import time

from portal.models import Customer, CustomerStatus
from tests.resilience.test_races import CUSTOMERS, _body

WRITES = 30
READS = 60


def test_a_burst_of_distinct_creates_and_reads_answers_without_errors(api, burst):
    began = time.monotonic()
    answers = burst(
        WRITES + READS,
        lambda i: api.post(CUSTOMERS, _body(i)) if i < WRITES else api.get(CUSTOMERS, max=20),
    )
    took = time.monotonic() - began
    writes, reads = answers[:WRITES], answers[WRITES:]
    assert [r.status_code for r in writes] == [202] * WRITES, [r.text for r in writes][:3]
    assert [r.status_code for r in reads] == [200] * READS
    created = Customer.objects.filter(external_id__startswith="RACE-")
    assert created.count() == WRITES
    assert set(created.values_list("status", flat=True)) == {CustomerStatus.PROVISIONED}
    assert took < 30, f"{WRITES + READS} requests took {took:.1f} s"
