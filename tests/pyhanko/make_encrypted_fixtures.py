#!/usr/bin/env python3
"""Independent producers for encrypted documents: qpdf encrypts kit letters, pyHanko signs them
(person, then agency), so kyso's decryption is checked against two other implementations of
ISO 32000-2 §7.6, not against itself.

Usage (from the repository root; qpdf is the Debian package `qpdf`):
    python3 -m venv .tools/pyhanko-venv
    .tools/pyhanko-venv/bin/pip install pyHanko pyhanko-cli
    cargo run -p kyso-tests --bin kit -- letters --out /tmp/kyso-letters
    .tools/pyhanko-venv/bin/python tests/pyhanko/make_encrypted_fixtures.py /tmp/kyso-letters tests/fixtures/encrypted

Each plan row encrypts one letter with qpdf (`qpdf --encrypt USER OWNER BITS ...`), then signs it
twice in incremental updates with pyHanko, authenticated with the user password, exactly as a
signing tool signs a document that arrived encrypted. The outputs are committed as produced (the
signing time is pyHanko's clock, the AES initialisation vectors are random): CI has neither qpdf
nor pyHanko.
"""
import io
import json
import subprocess
import sys
import tempfile
from pathlib import Path

from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.sign import fields, signers
from pyhanko.sign.fields import SigFieldSpec, SigSeedSubFilter
from pyhanko.stamp import TextStampStyle

sys.path.insert(0, str(Path(__file__).resolve().parent))
from make_fixtures import signer  # noqa: E402  (the kit's keys and certificates)

OWNER = "kyso-owner"
# Permission restrictions as official documents carry them: no printing, no copying, no changes
# other than filling forms and signing.
RESTRICTED = ["--print=none", "--extract=n", "--modify=form", "--annotate=n", "--assemble=n"]

PLANS = [
    # (output, user password, qpdf key length and options, what it shows)
    ("encrypted-aes256-restricted.pdf", "", ["256", *RESTRICTED],
     "AES-256 (V5 R6), empty user password, restrictions"),
    ("encrypted-aes256-open.pdf", "", ["256"],
     "AES-256 (V5 R6), empty user password, no restrictions"),
    ("encrypted-aes128-restricted.pdf", "", ["128", "--use-aes=y", *RESTRICTED],
     "AES-128 (V4 R4, AESV2 crypt filters), empty user password, restrictions"),
    ("encrypted-rc4-128-restricted.pdf", "", ["128", "--use-aes=n", *RESTRICTED],
     "RC4-128 (V2 R3), empty user password, restrictions"),
    ("encrypted-aes256-user-password.pdf", "kyso", ["256"],
     "AES-256 (V5 R6), user password 'kyso'"),
]


def qpdf_encrypt(src: Path, dst: Path, user: str, args) -> None:
    bits, *rest = args
    # RC4 is refused unless asked for: it is exactly the weak encryption kyso must report.
    weak = ["--allow-weak-crypto"] if "--use-aes=n" in rest else []
    subprocess.run(
        ["qpdf", *weak, "--encrypt", user, OWNER, bits, *rest, "--", str(src), str(dst)],
        check=True,
    )


def sign(data: bytes, password: str, field: str, page: int, box, who) -> bytes:
    w = IncrementalPdfFileWriter(io.BytesIO(data))
    w.encrypt(password.encode())
    fields.append_signature_field(
        w, SigFieldSpec(sig_field_name=field, on_page=page, box=tuple(int(v) for v in box))
    )
    meta = signers.PdfSignatureMetadata(
        field_name=field,
        subfilter=SigSeedSubFilter.ADOBE_PKCS7_DETACHED,
        md_algorithm="sha256",
        location="Nghệ An",
    )
    pdf_signer = signers.PdfSigner(
        meta, signer=who, stamp_style=TextStampStyle(stamp_text="%(signer)s\n%(ts)s")
    )
    return pdf_signer.sign_pdf(w).getvalue()


def main() -> None:
    inputs = Path(sys.argv[1])
    outdir = Path(sys.argv[2])
    outdir.mkdir(parents=True, exist_ok=True)
    letters = json.loads((inputs / "letters.json").read_text())
    expected = []
    with tempfile.TemporaryDirectory() as tmp:
        for (name, password, args, what), letter in zip(PLANS, letters * len(PLANS)):
            encrypted = Path(tmp) / name
            qpdf_encrypt(inputs / letter["file"], encrypted, password, args)
            data = encrypted.read_bytes()
            person = signer(inputs, letter["person_key"], letter["person_cert"])
            org = signer(inputs, letter["org_key"], letter["org_cert"])
            data = sign(data, password, "Signature1", letter["page"], letter["signature_box"],
                        person)
            data = sign(data, password, "Signature2", letter["page"], letter["seal_box"], org)
            (outdir / name).write_bytes(data)
            expected.append({"file": name, "agency": letter["agency"], "encryption": what,
                             "user_password": password, "verdict": "valid",
                             "decree30": "compliant"})
            print(name, len(data))
    (outdir / "expected.json").write_text(json.dumps(expected, ensure_ascii=False, indent=2) + "\n")
    (outdir / "root.crt.pem").write_text((inputs / "root.crt.pem").read_text())


if __name__ == "__main__":
    main()
