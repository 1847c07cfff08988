"""Custom tags (FEATURES PH-12, API-5): create, rename, delete, and assign to customers."""

from django.db import transaction

from partnerhub.models import CustomerTag, SubscriptionTag, Tag
from partnerhub.models.tags import TAG_NAME_MAX, TAGS_PER_CUSTOMER
from portal.audit import Actor, audit_record
from portal.errors import ApplicationError
from portal.models import Customer, Partner


def _clean_name(name: str) -> str:
    name = " ".join((name or "").split())
    if not name:
        raise ApplicationError("Enter a tag name.")
    if len(name) > TAG_NAME_MAX:
        raise ApplicationError(f"A tag name has at most {TAG_NAME_MAX} characters.")
    return name


def tag_name_clean(name: str) -> str:
    """A tag name as it is stored (spaces folded), or ApplicationError saying what is wrong."""
    return _clean_name(name)


def _check_unique(partner: Partner, name: str, exclude: Tag | None = None) -> None:
    clash = Tag.objects.for_org(partner).filter(name__iexact=name)
    if exclude is not None:
        clash = clash.exclude(pk=exclude.pk)
    if clash.exists():
        raise ApplicationError(f"There is already a tag called {name}.")


@transaction.atomic
def tag_create(*, partner: Partner, actor: Actor, name: str, description: str = "") -> Tag:
    name = _clean_name(name)
    _check_unique(partner, name)
    tag = Tag(partner=partner, name=name, description=description.strip())
    tag.full_clean()
    tag.save()
    audit_record(
        actor=actor, action="tag.create", organization=partner, target=tag, after={"name": name}
    )
    return tag


@transaction.atomic
def tag_rename(*, tag: Tag, actor: Actor, name: str) -> Tag:
    name = _clean_name(name)
    _check_unique(tag.partner, name, exclude=tag)
    before = {"name": tag.name}
    tag.name = name
    tag.full_clean()
    tag.save(update_fields=["name"])
    audit_record(
        actor=actor,
        action="tag.rename",
        organization=tag.partner,
        target=tag,
        before=before,
        after={"name": name},
    )
    return tag


@transaction.atomic
def tag_delete(*, tag: Tag, actor: Actor) -> None:
    audit_record(
        actor=actor,
        action="tag.delete",
        organization=tag.partner,
        target=tag,
        before={"name": tag.name, "customers": tag.customer_links.count()},
    )
    tag.delete()


def _resolve(partner: Partner, names: list[str], *, create: bool, actor: Actor) -> list[Tag]:
    cleaned = []
    for name in names:
        name = _clean_name(name)
        if name.lower() not in {c.lower() for c in cleaned}:
            cleaned.append(name)
    if len(cleaned) > TAGS_PER_CUSTOMER:
        raise ApplicationError(f"A customer has at most {TAGS_PER_CUSTOMER} tags.")
    existing = {t.name.lower(): t for t in Tag.objects.for_org(partner)}
    tags = []
    for name in cleaned:
        tag = existing.get(name.lower())
        if tag is None:
            if not create:
                raise ApplicationError(f"There is no tag called {name}.")
            tag = tag_create(partner=partner, actor=actor, name=name)
        tags.append(tag)
    return tags


@transaction.atomic
def customer_tags_set(
    *, customer: Customer, names: list[str], actor: Actor, create_missing: bool = True
) -> list[Tag]:
    """Replace the customer's tags; unknown names become new tags of the customer's partner."""
    partner = customer.owner
    tags = _resolve(partner, names, create=create_missing, actor=actor)
    before = sorted(CustomerTag.objects.for_org(customer).values_list("tag__name", flat=True))
    CustomerTag.objects.for_org(customer).exclude(tag__in=tags).delete()
    for tag in tags:
        CustomerTag.objects.get_or_create(customer=customer, tag=tag)
    after = sorted(t.name for t in tags)
    if before != after:
        audit_record(
            actor=actor,
            action="customer.tags_set",
            organization=customer,
            before={"tags": before},
            after={"tags": after},
        )
    return sorted(tags, key=lambda t: t.name.lower())


@transaction.atomic
def subscription_tags_set(
    *, customer: Customer, subscription_id: str, names: list[str], actor: Actor
) -> list[Tag]:
    tags = _resolve(customer.owner, names, create=True, actor=actor)
    links = SubscriptionTag.objects.for_org(customer).filter(subscription_id=subscription_id)
    before = sorted(links.values_list("tag__name", flat=True))
    links.exclude(tag__in=tags).delete()
    for tag in tags:
        SubscriptionTag.objects.get_or_create(
            customer=customer, subscription_id=subscription_id, tag=tag
        )
    after = sorted(t.name for t in tags)
    if before != after:
        audit_record(
            actor=actor,
            action="subscription.tags_set",
            organization=customer,
            before={"subscription": subscription_id, "tags": before},
            after={"subscription": subscription_id, "tags": after},
        )
    return sorted(tags, key=lambda t: t.name.lower())
