"""Keeping an upload the forms have checked (evidence files, completion files) with its record."""


def upload_fields(uploaded, content_type: str, actor) -> dict:
    """The fields every upload record keeps: its name as given, its detected type, its size, who uploaded it."""
    return {
        "original_name": uploaded.name[:255],
        "content_type": content_type,
        "size": uploaded.size,
        "uploaded_by": actor,
    }


def store_upload(record, uploaded):
    """Save the file through Django's storage API with its record; the file is removed again if the record cannot
    be saved, so storage never holds a file nobody can reach."""
    record.file.save(uploaded.name, uploaded, save=False)
    try:
        record.save()
    except Exception:
        record.file.delete(save=False)
        raise
    return record
