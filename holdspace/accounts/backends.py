"""Django's model backend, with the person of a signed-in request read by one written-out query.

Every signed-in request reads its person right after its session; the ORM would spend several times longer
building that query than running it (holdspace/web/rows.py). Signing in, passwords and permissions are Django's.
"""
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend

from holdspace.web.rows import row_by_pk


class AccountBackend(ModelBackend):
    def get_user(self, user_id):
        user = row_by_pk(get_user_model(), pk=user_id)
        return user if user is not None and self.user_can_authenticate(user) else None
