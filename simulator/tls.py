"""HTTPS certificates: a local CA kept across restarts, and a server certificate it signs for the bound host.

The CA is made once per directory (the user's cache unless told otherwise) so a client told to trust it keeps
trusting it; the server certificate is cheap and is re-issued whenever the host names change or it nears expiry.
"""

from __future__ import annotations

import contextlib
import datetime
import hashlib
import ipaddress
import os
import socket
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

CA_CERT = "reachsim-ca.pem"
CA_KEY = "reachsim-ca-key.pem"
CA_DAYS = 3650
# Apple's clients refuse server certificates valid for longer than 398 days, even from a private CA.
SERVER_DAYS = 397
RENEW_BEFORE = datetime.timedelta(days=30)
TLS_DIR_ENV = "REACHSIM_TLS_DIR"


class TlsError(Exception):
    """A certificate or key the user gave cannot be used: one line for the CLI."""


@dataclass(frozen=True)
class ServerCertificate:
    cert: Path
    key: Path
    ca: Path | None  # None for a certificate the user brought (--cert/--key)


def default_dir() -> Path:
    """Where the CA lives unless REACHSIM_TLS_DIR says otherwise: the user's cache, so every run shares it."""
    if os.environ.get(TLS_DIR_ENV):
        return Path(os.environ[TLS_DIR_ENV])
    cache = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(cache) / "reachsim" / "tls"


def host_names(bind_host: str) -> list[str]:
    """What the server certificate names: loopback always, the bound host, and this machine's name when the
    bind is every interface."""
    names = ["localhost", "127.0.0.1", "::1"]
    if bind_host in ("0.0.0.0", "::", ""):
        names.append(socket.gethostname())
    elif bind_host not in names:
        names.append(bind_host)
    return list(dict.fromkeys(names))


def _now() -> datetime.datetime:
    return datetime.datetime.now(datetime.UTC)


def _write_private(path: Path, data: bytes) -> None:
    """Atomically, readable by the owner only: a key half-written by a crash would break every later start."""
    temp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as handle:
        handle.write(data)
    os.replace(temp, path)


@contextlib.contextmanager
def _locked(directory: Path) -> Iterator[None]:
    """Two servers starting together must not each make a CA: the second would sign with a CA nobody trusts."""
    try:
        import fcntl
    except ImportError:  # Windows: no advisory locks; concurrent first starts are the user's to avoid
        yield
        return
    with (directory / ".lock").open("a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _pem_key(key: ec.EllipticCurvePrivateKey) -> bytes:
    pkcs8 = serialization.PrivateFormat.PKCS8
    return key.private_bytes(serialization.Encoding.PEM, pkcs8, serialization.NoEncryption())


def _load_ca(directory: Path) -> tuple[x509.Certificate, ec.EllipticCurvePrivateKey] | None:
    cert_path, key_path = directory / CA_CERT, directory / CA_KEY
    if not (cert_path.is_file() and key_path.is_file()):
        return None
    cert = x509.load_pem_x509_certificate(cert_path.read_bytes())
    key = serialization.load_pem_private_key(key_path.read_bytes(), password=None)
    if not isinstance(key, ec.EllipticCurvePrivateKey) or cert.not_valid_after_utc - _now() < RENEW_BEFORE:
        return None
    return cert, key


def _make_ca(directory: Path) -> tuple[x509.Certificate, ec.EllipticCurvePrivateKey]:
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name(
        [
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, "reachsim"),
            x509.NameAttribute(NameOID.COMMON_NAME, f"reachsim local CA ({socket.gethostname()})"),
        ]
    )
    now = _now()
    public = key.public_key()
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(public)
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(minutes=5))
        .not_valid_after(now + datetime.timedelta(days=CA_DAYS))
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=False,
                content_commitment=False,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=True,
                crl_sign=True,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(public), critical=False)
        .sign(key, hashes.SHA256())
    )
    _write_private(directory / CA_KEY, _pem_key(key))
    _write_private(directory / CA_CERT, cert.public_bytes(serialization.Encoding.PEM))
    return cert, key


def _subject_names(names: Iterable[str]) -> list[x509.GeneralName]:
    general: list[x509.GeneralName] = []
    for name in names:
        try:
            general.append(x509.IPAddress(ipaddress.ip_address(name)))
        except ValueError:
            general.append(x509.DNSName(name))
    return general


def _server_cert_valid(cert_path: Path, key_path: Path, ca: x509.Certificate) -> bool:
    if not (cert_path.is_file() and key_path.is_file()):
        return False
    cert = x509.load_pem_x509_certificate(cert_path.read_bytes())
    return cert.issuer == ca.subject and cert.not_valid_after_utc - _now() > RENEW_BEFORE and _signed_by(cert, ca)


def _signed_by(cert: x509.Certificate, ca: x509.Certificate) -> bool:
    try:
        cert.verify_directly_issued_by(ca)
    except (ValueError, TypeError, InvalidSignature):
        return False
    return True


def _issue_server(
    directory: Path, names: list[str], ca: x509.Certificate, ca_key: ec.EllipticCurvePrivateKey, stem: str
) -> tuple[Path, Path]:
    key = ec.generate_private_key(ec.SECP256R1())
    now = _now()
    public = key.public_key()
    cert = (
        x509.CertificateBuilder()
        .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, names[0])]))
        .issuer_name(ca.subject)
        .public_key(public)
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(minutes=5))
        .not_valid_after(now + datetime.timedelta(days=SERVER_DAYS))
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=False,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=False,
                crl_sign=False,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
        .add_extension(x509.SubjectAlternativeName(_subject_names(names)), critical=False)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(public), critical=False)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()),
            critical=False,
        )
        .sign(ca_key, hashes.SHA256())
    )
    cert_path, key_path = directory / f"{stem}.pem", directory / f"{stem}-key.pem"
    _write_private(key_path, _pem_key(key))
    # The chain file carries the CA too, so a client that trusts only the CA can build the path.
    chain = cert.public_bytes(serialization.Encoding.PEM) + ca.public_bytes(serialization.Encoding.PEM)
    _write_private(cert_path, chain)
    return cert_path, key_path


def local_certificate(bind_host: str, directory: Path | None = None) -> ServerCertificate:
    """The reachsim CA in `directory` (made on first use) and a server certificate it signs for `bind_host`."""
    directory = directory or default_dir()
    try:
        directory.mkdir(parents=True, exist_ok=True, mode=0o700)
    except OSError as exc:
        raise TlsError(f"cannot create the certificate directory {directory}: {exc.strerror or exc}") from exc
    names = host_names(bind_host)
    stem = "server-" + hashlib.sha256("\n".join(names).encode()).hexdigest()[:12]
    with _locked(directory):
        ca_pair = _load_ca(directory) or _make_ca(directory)
        ca, ca_key = ca_pair
        cert_path, key_path = directory / f"{stem}.pem", directory / f"{stem}-key.pem"
        if not _server_cert_valid(cert_path, key_path, ca):
            cert_path, key_path = _issue_server(directory, names, ca, ca_key, stem)
    return ServerCertificate(cert_path, key_path, directory / CA_CERT)


def user_certificate(cert: Path, key: Path) -> ServerCertificate:
    """A certificate and key the user brought; checked here so a bad pair fails at start in one line."""
    import ssl

    for path in (cert, key):
        if not path.is_file():
            raise TlsError(f"no such file: {path}")
    try:
        ssl.create_default_context(ssl.Purpose.CLIENT_AUTH).load_cert_chain(cert, key)
    except ssl.SSLError as exc:
        raise TlsError(f"{cert} and {key} are not a usable certificate and key: {exc.reason or exc}") from exc
    return ServerCertificate(cert, key, None)


def trust_instructions(ca: Path) -> str:
    """How to make common clients trust the reachsim CA, printed by `serve` at start."""
    return "\n".join(
        [
            f"reachsim: HTTPS certificate signed by the reachsim local CA {ca}",
            "  trust it:  export REQUESTS_CA_BUNDLE=" + str(ca) + "   (Python requests, Kaltura's Python client)",
            "             export SSL_CERT_FILE=" + str(ca) + "        (Python ssl/urllib, OpenSSL-based tools)",
            "             export NODE_EXTRA_CA_CERTS=" + str(ca) + "  (Node.js)",
            "             curl --cacert " + str(ca) + " ...",
            "             ffmpeg -tls_verify 1 -ca_file " + str(ca) + " -i ...",
        ]
    )
