"""Django's password checks, saying what they find in Holdspace's words (settings.AUTH_PASSWORD_VALIDATORS)."""
from django.contrib.auth import password_validation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext


class MinimumLengthValidator(password_validation.MinimumLengthValidator):
    def get_error_message(self) -> str:
        return ngettext("Please choose a longer password: at least %(count)d character.",
                        "Please choose a longer password: at least %(count)d characters.",
                        self.min_length) % {"count": self.min_length}

    def get_help_text(self) -> str:
        return ngettext("At least %(count)d character.", "At least %(count)d characters.",
                        self.min_length) % {"count": self.min_length}


class UserAttributeSimilarityValidator(password_validation.UserAttributeSimilarityValidator):
    def get_error_message(self) -> str:
        return _("This password is too close to your email address or your name. Please choose one that has "
                 "nothing to do with them.")

    def get_help_text(self) -> str:
        return _("Not close to your email address or your name.")


class CommonPasswordValidator(password_validation.CommonPasswordValidator):
    def get_error_message(self) -> str:
        return _("Many people use this password, so it is among the first ones tried. Please choose another.")

    def get_help_text(self) -> str:
        return _("Not one that many people use.")


class NumericPasswordValidator(password_validation.NumericPasswordValidator):
    def get_error_message(self) -> str:
        return _("A password of digits only is quickly guessed. Please add some letters or words.")

    def get_help_text(self) -> str:
        return _("Not digits only.")
