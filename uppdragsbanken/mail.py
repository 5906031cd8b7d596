from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils import translation


def send_templated(template: str, to: str, language: str, context: dict) -> None:
    """Send `<template>_subject.txt` and `<template>.txt` as plain text, in the recipient's language."""
    with translation.override(language or "sv"):
        subject = render_to_string(f"{template}_subject.txt", context).strip()
        body = render_to_string(f"{template}.txt", context)
    send_mail(subject, body, None, [to])
