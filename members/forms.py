"""allauth's forms without placeholders: a placeholder that repeats the label
looks like text already filled in, and disappears when one starts typing."""

from allauth.account import forms as allauth_forms


class _NoPlaceholders:
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.widget.attrs.pop("placeholder", None)


class LoginForm(_NoPlaceholders, allauth_forms.LoginForm):
    pass


class SignupForm(_NoPlaceholders, allauth_forms.SignupForm):
    pass


class AddEmailForm(_NoPlaceholders, allauth_forms.AddEmailForm):
    pass


class ChangePasswordForm(_NoPlaceholders, allauth_forms.ChangePasswordForm):
    pass


class SetPasswordForm(_NoPlaceholders, allauth_forms.SetPasswordForm):
    pass


class ResetPasswordForm(_NoPlaceholders, allauth_forms.ResetPasswordForm):
    pass


class ResetPasswordKeyForm(_NoPlaceholders, allauth_forms.ResetPasswordKeyForm):
    pass
