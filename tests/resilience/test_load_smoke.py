"""A bounded load smoke test (issue 15): many distinct requests at once through the threaded live
server on PostgreSQL answer without a 500, every accepted customer settles, and reads keep
answering meanwhile."""

import time

from portal.models import Customer, CustomerStatus
from tests.resilience.test_races import CUSTOMERS, _body

# Bursts of 20, like the races: Django's live server listens with a backlog of 5, and much
# larger bursts are reset at connect before any request reaches it.
ROUNDS = 3
WRITES = 10
READS = 10


def test_a_burst_of_distinct_creates_and_reads_answers_without_errors(api, burst):
    began = time.monotonic()
    for r in range(ROUNDS):
        answers = burst(
            WRITES + READS,
            lambda i, r=r: (
                api.post(CUSTOMERS, _body(r * WRITES + i))
                if i < WRITES
                else api.get(CUSTOMERS, max=20)
            ),
        )
        writes, reads = answers[:WRITES], answers[WRITES:]
        assert [w.status_code for w in writes] == [202] * WRITES, [w.text for w in writes][:3]
        assert [g.status_code for g in reads] == [200] * READS
    took = time.monotonic() - began
    created = Customer.objects.filter(external_id__startswith="RACE-")
    assert created.count() == ROUNDS * WRITES
    assert set(created.values_list("status", flat=True)) == {CustomerStatus.PROVISIONED}
    assert took < 30, f"{ROUNDS * (WRITES + READS)} requests took {took:.1f} s"
