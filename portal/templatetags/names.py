"""Display names in templates, from the one catalogue (`portal.catalogues.names`):
`{{ code|locale_name }}`, `|package_name`, `|status_name`, `|role_name`, `|field_name`."""

from django import template

from portal.catalogues import names

register = template.Library()

register.filter("locale_name", names.locale_name)
register.filter("package_name", names.package_name)
register.filter("status_name", names.status_name)
register.filter("role_name", names.role_name)
register.filter("field_name", names.field_name)
register.filter("action_name", names.action_name)
