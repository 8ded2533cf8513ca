"""Small real documents for the tests, made here with the libraries that read them (python-docx,
odfpy) or, for a PDF, written by hand: a one-page PDF with the lines given, in Helvetica."""
import io


def pdf_with(*lines):
    """A valid one-page PDF whose text is `lines` (ASCII), with a correct cross-reference table."""
    def escaped(line):
        return line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
    stream = "BT /F1 12 Tf 72 720 Td 14 TL " + " ".join(
        f"({escaped(line)}) Tj T*" for line in lines) + " ET"
    objects = [
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        "/Resources << /Font << /F1 5 0 R >> >> >>",
        f"<< /Length {len(stream)} >>\nstream\n{stream}\nendstream",
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(f"{number} 0 obj\n{body}\nendobj\n".encode("latin-1"))
    xref = out.tell()
    out.write(f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode())
    for offset in offsets:
        out.write(f"{offset:010d} 00000 n \n".encode())
    out.write(f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n"
              .encode())
    return out.getvalue()


def docx_with(*lines, header=None):
    import docx
    document = docx.Document()
    for line in lines:
        document.add_paragraph(line)
    if header is not None:
        document.sections[0].header.paragraphs[0].text = header
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def odt_with(*lines):
    from odf.opendocument import OpenDocumentText
    from odf.text import P
    document = OpenDocumentText()
    for line in lines:
        document.text.addElement(P(text=line))
    out = io.BytesIO()
    document.write(out)
    return out.getvalue()


CLEAN_CV = ("Camille Martin", "Developpeuse Python", "Experience: 5 ans chez un editeur")
CV_WITH_PHONE = CLEAN_CV + ("Tel: 06 12 34 56 78",)
