"""The training record form of the admin: certificate checked, people scoped."""

from django import forms
from django.core.exceptions import ValidationError

from qms.competence.models import TrainingRecord
from qms.competence.selectors import scoped_people
from qms.competence.services import certificate_check
from qms.organisation.people import person_name


class PersonChoiceField(forms.ModelChoiceField):
    """People named family name first, as records write them."""

    def label_from_instance(self, obj) -> str:
        return f"{person_name(obj)} ({obj.username})"


class TrainingRecordForm(forms.ModelForm):
    """Checks the certificate's real content before anything is stored."""

    class Meta:
        model = TrainingRecord
        fields = [
            "person",
            "unit",
            "competence",
            "course",
            "provider",
            "completed_on",
            "hours",
            "certificate",
            "certificate_number",
            "expires_on",
        ]
        field_classes = {"person": PersonChoiceField}
        # Private files have no URL: the plain input shows none (the stored
        # certificate is downloaded from the person's record).
        widgets = {"certificate": forms.FileInput(attrs={"accept": ".pdf,image/*"})}

    def limit_people(self, user) -> None:
        """Only people of the units ``user`` sees may be picked."""
        self.fields["person"].queryset = scoped_people(user)

    def clean_certificate(self):
        upload = self.cleaned_data.get("certificate")
        if upload and not getattr(upload, "_committed", False):
            try:
                certificate_check(upload)
            except ValidationError as error:
                raise ValidationError(error.message_dict["certificate"]) from error
        return upload
