"""Serving a stored upload (an evidence or completion file): always as an attachment, never shown inline."""

from django.http import FileResponse, Http404


def attachment(upload) -> FileResponse:
    """The upload's file as a download under its original name, with headers that stop a browser running it."""
    try:
        handle = upload.file.open("rb")
    except FileNotFoundError:
        raise Http404("The file is missing from storage.") from None
    response = FileResponse(handle, as_attachment=True, filename=upload.original_name, content_type=upload.content_type)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response
