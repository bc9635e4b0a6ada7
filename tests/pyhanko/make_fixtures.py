#!/usr/bin/env python3
"""Independent producer: sign kit letters with pyHanko, so kyso's agreement is not only with
its own test kit.

Usage (from the repository root):
    python3 -m venv .tools/pyhanko-venv
    .tools/pyhanko-venv/bin/pip install pyHanko pyhanko-cli
    cargo run -p kyso-tests --bin kit -- letters --out /tmp/kyso-letters
    .tools/pyhanko-venv/bin/python tests/pyhanko/make_fixtures.py /tmp/kyso-letters tests/fixtures/pyhanko

Each letter is signed as Decree 30 Appendix I describes: the person's signature in one
incremental update, then the agency's in the next, with the kit's test keys
(tests/kit-keys/) and certificates. pyHanko stamps its own appearance (text boxes), placed where
the kit puts the signature image and the seal. The signing time is pyHanko's clock, so the
outputs are not reproducible byte for byte; they are committed as produced.
"""
import io
import json
import sys
from pathlib import Path

from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.sign import fields, signers
from pyhanko.sign.fields import MDPPerm, SigFieldSpec, SigSeedSubFilter
from pyhanko.stamp import TextStampStyle

REPO = Path(__file__).resolve().parents[2]
KEYS = REPO / "tests" / "kit-keys"


def signer(inputs: Path, key: str, cert: str) -> signers.SimpleSigner:
    s = signers.SimpleSigner.load(
        str(KEYS / key),
        str(inputs / cert),
        ca_chain_files=(str(inputs / "subca.crt.pem"),),
        key_passphrase=None,
    )
    if s is None:
        raise SystemExit(f"cannot load {key} / {cert}")
    return s


def sign_once(data: bytes, field: str, page: int, box, who, subfilter, certify=False,
              prepare=None) -> bytes:
    w = IncrementalPdfFileWriter(io.BytesIO(data))
    fields.append_signature_field(
        w, SigFieldSpec(sig_field_name=field, on_page=page, box=tuple(int(v) for v in box))
    )
    if prepare is not None:
        # With DocMDP P=2 the agency must fill a field that already exists: pyHanko (rightly,
        # per ISO 32000-2 Table 257) rejects a new field added after a certification signature.
        name, pbox = prepare
        fields.append_signature_field(
            w, SigFieldSpec(sig_field_name=name, on_page=page, box=tuple(int(v) for v in pbox))
        )
    meta = signers.PdfSignatureMetadata(
        field_name=field,
        subfilter=subfilter,
        md_algorithm="sha256",
        certify=certify,
        docmdp_permissions=MDPPerm.FILL_FORMS,
        location="Nghệ An",
    )
    pdf_signer = signers.PdfSigner(
        meta, signer=who, stamp_style=TextStampStyle(stamp_text="%(signer)s\n%(ts)s")
    )
    out = pdf_signer.sign_pdf(w)
    return out.getvalue()


def sign_existing(data: bytes, field: str, who, subfilter) -> bytes:
    w = IncrementalPdfFileWriter(io.BytesIO(data))
    meta = signers.PdfSignatureMetadata(
        field_name=field, subfilter=subfilter, md_algorithm="sha256", location="Nghệ An"
    )
    pdf_signer = signers.PdfSigner(
        meta, signer=who, stamp_style=TextStampStyle(stamp_text="%(signer)s\n%(ts)s")
    )
    return pdf_signer.sign_pdf(w, existing_fields_only=True).getvalue()


def main() -> None:
    inputs = Path(sys.argv[1])
    outdir = Path(sys.argv[2])
    outdir.mkdir(parents=True, exist_ok=True)
    letters = json.loads((inputs / "letters.json").read_text())
    plans = [
        # (output name, subfilter, certify the first signature, sign the agency too, expected)
        ("pyhanko-stc-person-agency-pkcs7.pdf", SigSeedSubFilter.ADOBE_PKCS7_DETACHED, False, True,
         ("valid", "compliant")),
        ("pyhanko-sgddt-person-certified-p2-agency-pades.pdf", SigSeedSubFilter.PADES, True, True,
         ("valid", "compliant")),
        ("pyhanko-vinh-person-only.pdf", SigSeedSubFilter.ADOBE_PKCS7_DETACHED, False, False,
         ("valid", "non_compliant")),
    ]
    expected = []
    for letter, (name, sf, certify, agency, (verdict, decree30)) in zip(letters, plans):
        data = (inputs / letter["file"]).read_bytes()
        person = signer(inputs, letter["person_key"], letter["person_cert"])
        prepare = ("Signature2", letter["seal_box"]) if certify else None
        data = sign_once(data, "Signature1", letter["page"], letter["signature_box"], person, sf,
                         certify, prepare)
        if agency:
            org = signer(inputs, letter["org_key"], letter["org_cert"])
            data = sign_existing(data, "Signature2", org, sf) if certify else sign_once(
                data, "Signature2", letter["page"], letter["seal_box"], org, sf)
        (outdir / name).write_bytes(data)
        expected.append({"file": name, "agency": letter["agency"], "verdict": verdict,
                         "decree30": decree30})
        print(name, len(data))
    (outdir / "expected.json").write_text(json.dumps(expected, ensure_ascii=False, indent=2) + "\n")
    (outdir / "root.crt.pem").write_text((inputs / "root.crt.pem").read_text())


if __name__ == "__main__":
    main()
