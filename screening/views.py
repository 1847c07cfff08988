"""The Restricted/Denied Persons review queue for compliance reviewers (FEATURES PV-2).

Compliance reviewers are platform staff: they see every partner's screening cases and nothing
else. Deciding goes through screening.services.screening_case_decide.
"""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.views.generic import TemplateView, View

from portal.access import permissions as p
from portal.access.views import PlatformMixin
from portal.errors import ApplicationError
from portal.pages import HtmxPartialMixin
from screening.models import ScreeningCaseStatus
from screening.selectors import screening_queue
from screening.services import screening_case_decide


class ReviewQueueView(PlatformMixin, HtmxPartialMixin, TemplateView):
    """Open cases oldest first, with the matched entry and score; decided ones by tab."""

    permission_required = p.COMPLIANCE_REVIEW
    template_name = "screening/review_queue.html"
    partial_template_name = "screening/partials/_cases.html"
    paginate_by = 25

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        status = self.request.GET.get("status", ScreeningCaseStatus.OPEN)
        if status not in ScreeningCaseStatus.values:
            status = ScreeningCaseStatus.OPEN
        cases = screening_queue(status)
        if status != ScreeningCaseStatus.OPEN:
            cases = cases.order_by("-decided_at", "-id")
        page = Paginator(cases, self.paginate_by).get_page(self.request.GET.get("page"))
        context.update(
            page=page,
            cases=page.object_list,
            status=status,
            statuses=ScreeningCaseStatus.choices,
            open_count=screening_queue().count(),
        )
        return context


class ReviewDecideView(PlatformMixin, View):
    """POST case=<id>, decision=approve|reject, note: one reviewer decision."""

    permission_required = p.COMPLIANCE_REVIEW

    def post(self, request):
        case_id = request.POST.get("case", "")
        decision = request.POST.get("decision")
        if not case_id.isdigit() or decision not in ("approve", "reject"):
            raise Http404("No such case or decision")
        case = get_object_or_404(screening_queue(ScreeningCaseStatus.OPEN), pk=case_id)
        if not request.POST.get("note", "").strip():
            messages.error(request, f"Give the reason for the decision on {case.customer.name}.")
            return redirect(reverse("compliance:reviews"))
        try:
            case = screening_case_decide(
                case=case,
                approve=decision == "approve",
                actor=self.actor,
                note=request.POST.get("note", "")[:500],
            )
        except ApplicationError as exc:
            messages.error(request, exc.message)
        else:
            if case.status == ScreeningCaseStatus.APPROVED:
                messages.success(
                    request, f"{case.customer.name} is approved; its provisioning resumes."
                )
            else:
                messages.warning(
                    request, f"{case.customer.name} is rejected; its onboarding stops."
                )
        url = reverse("compliance:reviews")
        if request.htmx:
            response = HttpResponse(status=204)
            response["HX-Location"] = url
            return response
        return redirect(url)
