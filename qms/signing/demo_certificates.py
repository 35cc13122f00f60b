"""Self-made test certificates: the demo's CA and signer, and the tests' odd ones.

CHỈ DÙNG THỬ (for trying out only): a certificate made here proves nothing
about anybody; a real signer's certificate comes from a licensed Vietnamese
CA (docs/signing.md). The demo files under ``fixtures/signing/`` were made
ONCE with ``python -m qms.signing.demo_certificates`` and are committed, so
that every demo and test signs with the same CA; tests call ``issue_pkcs12``
for certificates the demo must not have (expired, without the signing key
usage).
"""

import datetime
import sys
from dataclasses import dataclass
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

#: The demo PKCS#12 passphrase, printed in README and docs: test use only.
DEMO_PASSPHRASE = "demo-chi-dung-thu"  # noqa: S105 - published on purpose
DEMO_DIR = Path(__file__).resolve().parents[2] / "fixtures" / "signing"
DEMO_CA_FILE = DEMO_DIR / "demo-ca.pem"
DEMO_SIGNER_FILE = DEMO_DIR / "demo-signer.p12"
DEMO_UNIT_FILE = DEMO_DIR / "demo-unit.p12"
DEMO_CA_KEY_FILE = DEMO_DIR / "demo-ca-key.pem"


def _name(common_name: str, organisation: str) -> x509.Name:
    return x509.Name(
        [
            x509.NameAttribute(NameOID.COUNTRY_NAME, "VN"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, organisation),
            x509.NameAttribute(NameOID.COMMON_NAME, common_name),
        ]
    )


def _key_usage(*, signing: bool, ca: bool) -> x509.KeyUsage:
    return x509.KeyUsage(
        digital_signature=signing,
        content_commitment=signing,
        key_encipherment=not signing and not ca,
        data_encipherment=False,
        key_agreement=False,
        key_cert_sign=ca,
        crl_sign=ca,
        encipher_only=False,
        decipher_only=False,
    )


@dataclass(frozen=True)
class Authority:
    """A CA that issues test certificates: its certificate and private key."""

    certificate: x509.Certificate
    key: rsa.RSAPrivateKey

    def pem(self) -> bytes:
        """The CA certificate in PEM, as a validator's trust root."""
        return self.certificate.public_bytes(serialization.Encoding.PEM)


def make_authority(
    *,
    common_name: str = "CA THỬ NGHIỆM MỘT CỬA QMS – CHỈ DÙNG THỬ",
    not_before: datetime.datetime | None = None,
    years: int = 20,
) -> Authority:
    """A self-signed root CA (RSA 2048) for test certificates."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    start = not_before or datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC)
    name = _name(common_name, "Một Cửa QMS (chỉ dùng thử)")
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(start)
        .not_valid_after(start.replace(year=start.year + years))
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(_key_usage(signing=False, ca=True), critical=True)
        .add_extension(
            x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False
        )
        .sign(key, hashes.SHA256())
    )
    return Authority(certificate, key)


def issue_pkcs12(
    authority: Authority,
    *,
    common_name: str,
    organisation: str = "UBND (chỉ dùng thử)",
    passphrase: str = DEMO_PASSPHRASE,
    not_before: datetime.datetime | None = None,
    not_after: datetime.datetime | None = None,
    signing: bool = True,
) -> bytes:
    """A PKCS#12 file (key, certificate, CA) for ``common_name``.

    ``signing=False`` gives a certificate whose key usage is encryption only
    (refused for signing); the dates default to 01/01/2026–31/12/2036.
    """
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    start = not_before or datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC)
    end = not_after or datetime.datetime(2036, 12, 31, tzinfo=datetime.UTC)
    builder = (
        x509.CertificateBuilder()
        .subject_name(_name(common_name, organisation))
        .issuer_name(authority.certificate.subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(start)
        .not_valid_after(end)
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(_key_usage(signing=signing, ca=False), critical=True)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(
                authority.key.public_key()
            ),
            critical=False,
        )
    )
    if signing:
        builder = builder.add_extension(
            x509.ExtendedKeyUsage([ExtendedKeyUsageOID.EMAIL_PROTECTION]),
            critical=False,
        )
    certificate = builder.sign(authority.key, hashes.SHA256())
    return pkcs12.serialize_key_and_certificates(
        name=common_name.encode(),
        key=key,
        cert=certificate,
        cas=[authority.certificate],
        encryption_algorithm=serialization.BestAvailableEncryption(passphrase.encode()),
    )


def load_demo_authority() -> Authority:
    """The committed demo CA (certificate and key), to issue more test files."""
    certificate = x509.load_pem_x509_certificate(DEMO_CA_FILE.read_bytes())
    key = serialization.load_pem_private_key(
        DEMO_CA_KEY_FILE.read_bytes(), password=DEMO_PASSPHRASE.encode()
    )
    return Authority(certificate, key)


def write_demo_files() -> None:
    """Make the demo CA, the approver's (``pheduyet``) and the district office's
    (364.VP) certificates under ``fixtures/signing``."""
    authority = make_authority()
    DEMO_DIR.mkdir(parents=True, exist_ok=True)
    DEMO_CA_FILE.write_bytes(authority.pem())
    DEMO_CA_KEY_FILE.write_bytes(
        authority.key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.BestAvailableEncryption(DEMO_PASSPHRASE.encode()),
        )
    )
    DEMO_SIGNER_FILE.write_bytes(
        issue_pkcs12(
            authority,
            common_name="Phạm Đức Minh (chỉ dùng thử)",
            organisation="UBND huyện Xuân Trường (chỉ dùng thử)",
        )
    )
    DEMO_UNIT_FILE.write_bytes(
        issue_pkcs12(
            authority,
            common_name="VP HĐND và UBND huyện Xuân Trường (chỉ dùng thử)",
            organisation="UBND huyện Xuân Trường (chỉ dùng thử)",
        )
    )


if __name__ == "__main__":
    if DEMO_SIGNER_FILE.exists() and "--force" not in sys.argv:
        sys.exit(f"{DEMO_SIGNER_FILE} exists: pass --force to make new demo files.")
    write_demo_files()
