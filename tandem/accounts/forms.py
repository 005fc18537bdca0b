from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm, SetPasswordForm

from tandem.ui.forms import UswdsFormMixin


class LoginForm(UswdsFormMixin, AuthenticationForm):
    error_messages = {
        "invalid_login": (
            "That email and password do not match an account. Check both and try again; "
            "after several failed tries the account is locked for a while."
        ),
        "inactive": "This account is switched off. Ask your administrator.",
    }

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.fields["username"].label = "Work email"
        self.fields["username"].widget.attrs.update({"autocomplete": "email", "type": "email"})
        # Autofocus would jump past the skip link and the page heading for screen-reader users.
        self.fields["username"].widget.attrs.pop("autofocus", None)
        self.fields["password"].widget.attrs.update({"autocomplete": "current-password"})

    def clean_username(self) -> str:
        return self.cleaned_data["username"].strip().lower()


class ResetForm(UswdsFormMixin, PasswordResetForm):
    pass


class SetNewPasswordForm(UswdsFormMixin, SetPasswordForm):
    pass
