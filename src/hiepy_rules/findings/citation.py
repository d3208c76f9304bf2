"""The citation of a provision in a finding: its document, issuer, article, dates and words.

One frozen ``DocumentRef`` per version and rule set, shared by every finding that cites it; a
provision known only through a report says so ("per report N of its author").
"""

from __future__ import annotations

from hiepy_rules.findings.explain import Context
from hiepy_rules.findings.model import DocumentRef, Issuer, Words
from hiepy_rules.load.ruleset import Located, Pack
from hiepy_rules.schema.pack import SourceDoc


def document_ref(ctx: Context, pid: str) -> DocumentRef:
    """The citation of ``pid``'s version in force; one shared (frozen) object per version and rule set,
    so that a batch's results carry each citation once in memory and once per pickled chunk."""
    pack, loc = ctx.version(pid)
    cache: dict[str, tuple[Located, DocumentRef]] = vars(ctx.rules).setdefault("_hiepy_document_refs", {})
    hit = cache.get(pid)
    if hit is not None and hit[0] is loc:
        return hit[1]
    ref = _document_ref(ctx, pid, pack, loc)
    cache[pid] = (loc, ref)
    return ref


def _document_ref(ctx: Context, pid: str, pack: Pack, loc: Located) -> DocumentRef:
    p = loc.provision
    src = ctx.rules.sources.get(p.source.document)
    issuer_id = pack.issuer(p)
    auth = ctx.rules.authorities.get(issuer_id)
    in_force = pack.in_force(p)
    return DocumentRef(
        provision=pid,
        pack=pack.id,
        pack_version=pack.manifest.version,
        number=p.source.document,
        type=src.type if src else None,
        issuer=Issuer(
            id=issuer_id,
            vi=auth.name.vi if auth else issuer_id,
            en=auth.name.en if auth else issuer_id,
            rank=auth.rank if auth else None,
        ),
        issued=src.issued.isoformat() if src and src.issued else None,
        article=p.source.article,
        url=src.url if src else None,
        verification=src.verification if src else None,
        basis=list(p.source.basis),
        in_force={"from": in_force.from_.isoformat(), "until": in_force.until.isoformat() if in_force.until else None},
        replaced_by=p.replaced_by,
        document_replaced_by=src.replaced_by if src else None,
        text=Words(vi=p.text.vi, en=p.text.en),
        interpretation=Words(vi=p.interpretation.vi, en=p.interpretation.en) if p.interpretation else None,
        reported_in=_reported_in(ctx, src),
    )


def _reported_in(ctx: Context, src: SourceDoc | None) -> Words | None:
    """For a provision known only through a report (its source is the report, or a document known only
    from the seed report): "per report N of its author"."""
    if src is not None and src.type != "report" and src.url == "seed":
        src = next((d for d in ctx.rules.sources.values() if d.type == "report" and d.url == "seed"), None)
    if src is None or src.type != "report":
        return None
    author = ctx.rules.authorities.get(src.issuer)
    vi, en = (author.name.vi, author.name.en) if author else (src.issuer, src.issuer)
    return Words(vi=f"theo báo cáo {src.number} của {vi}", en=f"as reported in {src.number} by the {en}")


def provision_name(ctx: Context, pid: str) -> Words:
    return ctx.once("name", pid, _name_of, ctx, pid)


def _name_of(ctx: Context, pid: str) -> Words:
    p = ctx.version(pid)[1].provision
    return Words(vi=p.name.vi, en=p.name.en)
