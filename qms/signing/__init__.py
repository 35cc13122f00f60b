"""Digitally signed records: signers' certificates, PAdES signing, the trail."""
