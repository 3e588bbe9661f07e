"""What WeasyPrint 70's PDF/UA tagging leaves undone, finished on its PDF objects before they are written.

`finish_tags` is given to `write_pdf(finisher=...)`: it edits WeasyPrint's own (pydyf) objects in place, so
nothing is parsed or written twice and no PDF library is needed. It does three things WeasyPrint cannot be
told to do (see Kozea/WeasyPrint issues 1836 and 2508):

- Page margin boxes (the running header and footer) are marked content with an MCID whose structure
  element WeasyPrint leaves out of the tree ("Artifact is only allowed in the tree in PDF 2.0"), so a
  screen reader still meets them as content. Here every marked-content sequence whose structure element
  is not in the tree becomes `/Artifact <</Type /Pagination /Subtype /Header>>` (or /Footer), and the
  page's remaining MCIDs are renumbered so the parent tree has no holes.
- Header cells get `/Scope`: a TH in the table's THead heads its column, any other TH heads its row
  (as HTML's own rule for a `th` without `scope`; the template says so explicitly too).
- A `<dl>` is tagged by WeasyPrint as one list item per `dt` and per `dd`, neither with a label. Each term
  and its description become one list item: the term its Lbl, the description its LBody. The stylesheet
  keeps a term on the page of its description, so a page's part of a `dl` always starts with a term.

The watermark needs nothing here: it is the page's background, which WeasyPrint paints as an artifact.
"""

from weasyprint.formatting_structure import boxes

TH_SCOPE = {"/THead": "/Column"}  # any other parent row group: the header heads its row


def _number(reference) -> int:
    return int(reference.split()[0])


def finish_tags(document, pdf) -> None:
    if "StructTreeRoot" not in pdf.catalog:
        return  # not a tagged PDF
    objects = pdf.objects
    root = objects[_number(pdf.catalog["StructTreeRoot"])]
    in_tree = _elements_in_tree(objects, root)
    for element in list(in_tree.values()):
        if element.get("S") == "/TH":
            group = objects[_number(objects[_number(element["P"])]["P"])]
            element["A"]["Scope"] = TH_SCOPE.get(group["S"], "/Row")
        elif element.get("S") == "/L":
            _pair_terms_and_descriptions(objects, element)
    nums = objects[_number(root["ParentTree"])]["Nums"]
    page_numbers = pdf.pages["Kids"][::3]
    for page_index, (page, page_number) in enumerate(zip(document.pages, page_numbers, strict=True)):
        parents = nums[2 * page_index + 1]
        assert nums[2 * page_index] == page_index
        stream = objects[_number(objects[page_number]["Contents"])]
        _artifact_margin_content(objects, in_tree, page, parents, stream)
    for number, obj in enumerate(objects):
        if number not in in_tree and isinstance(obj, dict) and obj.get("Type") == "/StructElem":
            obj.clear()  # margin boxes' structure elements, now referred to by nothing


def _elements_in_tree(objects, root) -> dict:
    found, pending = {}, list(root["K"])
    while pending:
        kid = pending.pop()
        if isinstance(kid, bytes):
            number = _number(kid)
            element = objects[number]
            if element.get("Type") == "/StructElem" and number not in found:
                found[number] = element
                pending.extend(element["K"])
    return found


def _pair_terms_and_descriptions(objects, element) -> None:
    """A list whose items are all unlabelled single bodies, in an even number, is a dl's terms and descriptions."""
    items = [objects[_number(kid)] for kid in element["K"] if isinstance(kid, bytes)]
    if len(items) != len(element["K"]) or not items or len(items) % 2:
        return
    bodies = [item["K"] for item in items]
    if any(
        item["S"] != "/LI" or len(kids) != 1 or objects[_number(kids[0])]["S"] != "/LBody"
        for item, kids in zip(items, bodies, strict=True)
    ):
        return
    for term_item, description_item in zip(items[::2], items[1::2], strict=True):
        objects[_number(term_item["K"][0])]["S"] = "/Lbl"
        body_reference = description_item["K"][0]
        objects[_number(body_reference)]["P"] = term_item.reference
        term_item["K"].append(body_reference)
        description_item.clear()
    element["K"][:] = [item.reference for item in items[::2]]


def _margin_subtypes(page) -> list[str]:
    """Header or Footer for each MCID a page's margin boxes drew, in the order WeasyPrint draws them."""
    subtypes = []
    for box in page._page_box.children:
        if isinstance(box, boxes.MarginBox):
            subtype = "/Header" if box.at_keyword.startswith("@top") else "/Footer"
            subtypes.extend(subtype for _ in _marked_boxes(box))
    return subtypes


def _marked_boxes(box):
    for child in getattr(box, "children", ()):
        if isinstance(child, boxes.TextBox | boxes.ReplacedBox):
            yield child
        else:
            yield from _marked_boxes(child)


def _artifact_margin_content(objects, in_tree, page, parents, stream) -> None:
    orphans = sorted(mcid for mcid, reference in enumerate(parents) if _number(reference) not in in_tree)
    if not orphans:
        return
    operators = stream.stream
    marks = {
        operators[index - 1]["MCID"]: index - 1
        for index, operator in enumerate(operators)
        if operator == b"BDC" and isinstance(operators[index - 1], dict) and "MCID" in operators[index - 1]
    }
    if sorted(marks) != list(range(len(parents))):
        return  # some content is marked elsewhere (a group's own stream): leave the page as WeasyPrint made it
    subtypes = _margin_subtypes(page)
    if len(subtypes) != len(orphans):
        subtypes = ["/Header"] * len(orphans)  # which box drew which is unclear: still pagination artifacts
    subtype_of = dict(zip(orphans, subtypes, strict=True))
    renumbered = {}
    for mcid, index in sorted(marks.items()):
        if mcid in subtype_of:
            operators[index - 1] = "/Artifact"
            operators[index] = type(operators[index])({"Type": "/Pagination", "Subtype": subtype_of[mcid]})
        else:
            renumbered[mcid] = len(renumbered)
            operators[index]["MCID"] = renumbered[mcid]
    kept = [reference for mcid, reference in enumerate(parents) if mcid not in subtype_of]
    for reference in dict.fromkeys(kept):
        element = objects[_number(reference)]
        element["K"][:] = [renumbered[kid] if isinstance(kid, int) else kid for kid in element["K"]]
    parents[:] = kept
