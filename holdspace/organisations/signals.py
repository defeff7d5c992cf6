"""What happens in an organisation that other apps react to, connected in their AppConfig.ready.

Both are sent inside the service's transaction, so a receiver's writes stand or fall with it.
"""
from django.dispatch import Signal

# Someone lost roles here: sent with organisation, user and roles (a set of Role values).
roles_removed = Signal()

# Someone now reports to a manager here: sent with organisation, manager and person.
reporting_line_set = Signal()
