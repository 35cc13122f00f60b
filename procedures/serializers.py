"""API serializers of related objects on procedure pages (open data)."""

from rest_framework import serializers


class UnitSerializer(serializers.Serializer):
    """An administrative unit as open data: code and name."""

    code = serializers.CharField()
    name = serializers.CharField()


class LegalTextSerializer(serializers.Serializer):
    """A legal basis from the legal register."""

    number = serializers.CharField()
    title = serializers.CharField()
    effective_on = serializers.DateField()
