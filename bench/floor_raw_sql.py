"""The floor for bench/api.py: a page of whole cases as a partner sees them, built by one
hand-written PostgreSQL query (jsonb_build_object / jsonb_agg, nested lists ordered in SQL,
confidential fields dropped unless disclosed, "days held" and "days detained" counted in SQL in
each case's time zone). Python only wraps the documents the database gives as text, with
orjson.Fragment, and dumps them: nothing is parsed, sorted or computed in Python.

Not a module of the application: nothing imports it but the benchmark.
"""

import orjson
from django.db import connection

# Each case's "today" in its own time zone, as cases.api.documents counts it.
_TODAY = "(now() AT TIME ZONE c.time_zone)::date"
# appeals_site.confidential's fields of a defender (a partner sees them only where disclosed).
_DEFENDER_SECRETS = ("family_notes", "health_notes", "home_address", "internal_notes", "phone")


def _authority(alias: str) -> str:
    return f"""
        'id', {alias}.id, 'person_name', {alias}.person_name, 'post', {alias}.post,
        'country', {alias}.country, 'seat', {alias}.seat,
        'postal_address', {alias}.postal_address, 'salutation', {alias}.salutation,
        'language', {alias}.language, 'office_start', {alias}.office_start,
        'office_end', {alias}.office_end,
        'contacts', (
            SELECT coalesce(jsonb_agg(jsonb_build_object(
                'kind', ac.kind, 'value', ac.value, 'position', ac.position
            ) ORDER BY ac.position), '[]')
            FROM authorities_authoritycontact ac WHERE ac.authority_id = {alias}.id
        )"""


def _disclosed(alias: str, names: tuple[str, ...]) -> str:
    """The confidential fields of a row that its disclosed_fields list, as a JSON object."""
    pairs = ", ".join(f"'{name}', {alias}.{name}" for name in names)
    return f"""(
        SELECT coalesce(jsonb_object_agg(s.key, s.value), '{{}}')
        FROM jsonb_each(jsonb_build_object({pairs})) s
        WHERE {alias}.disclosed_fields ? s.key
    )"""


PAGE_SQL = f"""
SELECT (
  jsonb_build_object(
    'id', c.id, 'reference', c.reference, 'country', c.country, 'time_zone', c.time_zone,
    'title', c.title, 'status', c.status, 'summary', c.summary, 'background', c.background,
    'published_at', c.published_at, 'created_at', c.created_at, 'updated_at', c.updated_at,
    'violations', (
      SELECT coalesce(jsonb_agg(vl.slug ORDER BY vl.slug), '[]')
      FROM cases_case_violations cv JOIN cases_violationlabel vl ON vl.id = cv.violationlabel_id
      WHERE cv.case_id = c.id
    ),
    'defenders', (
      SELECT coalesce(jsonb_agg(jsonb_build_object(
          'id', d.id, 'full_name', d.full_name, 'local_name', d.local_name,
          'gender', d.gender, 'role', d.role, 'organisation', d.organisation,
          'country', d.country, 'city', d.city, 'region', d.region,
          'situation', d.situation,
          'areas_of_work', (
            SELECT coalesce(jsonb_agg(aw.slug ORDER BY aw.slug), '[]')
            FROM defenders_defender_areas_of_work da
            JOIN defenders_areaofwork aw ON aw.id = da.areaofwork_id
            WHERE da.defender_id = d.id
          ),
          'detained_since', held.since,
          'days_detained', {_TODAY} - held.since
        ) || {_disclosed("d", _DEFENDER_SECRETS)}
        ORDER BY d.full_name, d.id), '[]')
      FROM cases_case_defenders cd
      JOIN defenders_defender d ON d.id = cd.defender_id
      -- Continuous detention on the case's today: the last chain of periods (a period that
      -- starts at most a day after the chain's furthest end continues it), if it is still open.
      LEFT JOIN LATERAL (
        SELECT max(chain.start_date) FILTER (WHERE chain.starts_chain) AS since
        FROM (
          SELECT p.start_date,
                 coalesce(max(coalesce(p.actual_end, 'infinity'::date)) OVER w, '-infinity')
                   < p.start_date - 1 AS starts_chain
          FROM cases_detentionperiod p
          WHERE p.defender_id = d.id AND p.start_date <= {_TODAY}
          WINDOW w AS (ORDER BY p.start_date, p.id
                       ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING)
        ) chain
      ) chains ON true
      LEFT JOIN LATERAL (
        SELECT chains.since
        FROM cases_detentionperiod p
        WHERE p.defender_id = d.id AND p.start_date <= {_TODAY}
          AND p.start_date >= chains.since
        HAVING max(coalesce(p.actual_end, 'infinity'::date)) > {_TODAY}
      ) held ON true
      WHERE cd.case_id = c.id
    ),
    'charges', (
      SELECT coalesce(jsonb_agg(jsonb_build_object(
          'id', ch.id, 'defender', ch.defender_id, 'replaced_by', ch.replaced_by_id,
          'instrument_kind', ch.instrument_kind, 'instrument', ch.instrument,
          'article', ch.article, 'offence', ch.offence,
          'maximum_penalty', ch.maximum_penalty, 'date_brought', ch.date_brought,
          'status', ch.status, 'sentence', ch.sentence, 'decided_on', ch.decided_on
        ) ORDER BY ch.date_brought::text NULLS FIRST, ch.id::text), '[]')
      FROM cases_charge ch WHERE ch.case_id = c.id
    ),
    'detention_periods', (
      SELECT coalesce(jsonb_agg(jsonb_build_object(
          'id', p.id, 'defender', p.defender_id, 'kind', p.kind,
          'start_date', p.start_date, 'term_days', p.term_days,
          'term_months', p.term_months, 'term_ends_on', p.term_ends_on,
          'ordered_by', p.ordered_by, 'place', p.place,
          'incommunicado', p.incommunicado, 'actual_end', p.actual_end,
          'extensions', (
            SELECT coalesce(jsonb_agg(jsonb_build_object(
                'ordered_on', e.ordered_on, 'term_days', e.term_days,
                'term_months', e.term_months, 'ordered_by', e.ordered_by
              ) ORDER BY e.ordered_on), '[]')
            FROM cases_detentionextension e WHERE e.period_id = p.id
          ),
          'days_held', CASE WHEN p.start_date > {_TODAY} THEN NULL
            ELSE least(coalesce(p.actual_end, {_TODAY}), {_TODAY}) - p.start_date END
        ) ORDER BY p.start_date, p.id::text), '[]')
      FROM cases_detentionperiod p WHERE p.case_id = c.id
    ),
    'hearings', (
      SELECT coalesce(jsonb_agg(jsonb_build_object(
          'id', h.id, 'court', h.court, 'city', h.city, 'local_date', h.local_date,
          'local_time', h.local_time, 'time_zone', h.time_zone, 'starts_at', h.starts_at,
          'purpose', h.purpose, 'status', h.status, 'outcome', h.outcome,
          'observers_attending', h.observers_attending,
          'defenders', (
            SELECT coalesce(jsonb_agg(hd.defender_id ORDER BY hd.defender_id::text), '[]')
            FROM cases_hearing_defenders hd WHERE hd.hearing_id = h.id
          ),
          'moves', (
            SELECT coalesce(jsonb_agg(jsonb_build_object(
                'from_date', m.from_date, 'from_time', m.from_time,
                'from_time_zone', m.from_time_zone, 'to_date', m.to_date,
                'to_time', m.to_time, 'to_time_zone', m.to_time_zone,
                'reason', m.reason, 'moved_at', m.moved_at
              ) ORDER BY m.moved_at), '[]')
            FROM cases_hearingmove m WHERE m.hearing_id = h.id
          )
        ) ORDER BY h.starts_at, h.id::text), '[]')
      FROM cases_hearing h WHERE h.case_id = c.id
    ),
    'events', (
      SELECT coalesce(jsonb_agg(jsonb_build_object(
          'id', ev.id, 'date', ev.date, 'kind', ev.kind, 'description', ev.description,
          'seized_items', ev.seized_items, 'citation', ev.citation,
          'defenders', (
            SELECT coalesce(jsonb_agg(ed.defender_id ORDER BY ed.defender_id::text), '[]')
            FROM cases_event_defenders ed WHERE ed.event_id = ev.id
          )
        ) || {_disclosed("ev", ("source_identity",))}
        ORDER BY ev.date, ev.created_at, ev.id::text), '[]')
      FROM cases_event ev WHERE ev.case_id = c.id
    ),
    'appeals', (
      SELECT coalesce(jsonb_agg(jsonb_build_object(
          'id', a.id, 'reference', a.reference, 'sequence', a.sequence,
          'intervention_type', a.intervention_type, 'issuer', a.issuer_as_printed,
          'issue_date', a.issue_date, 'issued_at', a.issued_at,
          'violations', (
            SELECT coalesce(jsonb_agg(vl.slug ORDER BY vl.slug), '[]')
            FROM cases_appeal_violations av
            JOIN cases_violationlabel vl ON vl.id = av.violationlabel_id
            WHERE av.appeal_id = a.id
          ),
          'texts', (
            SELECT coalesce(jsonb_agg(jsonb_build_object(
                'language', t.language, 'is_original', t.is_original, 'title', t.title,
                'description', t.description, 'background', t.background, 'notes', t.notes
              ) ORDER BY NOT t.is_original, t.language), '[]')
            FROM cases_appealtext t WHERE t.appeal_id = a.id
          ),
          'actions', (
            SELECT coalesce(jsonb_agg(jsonb_build_object(
                'language', ac.language, 'position', ac.position, 'text', ac.text
              ) ORDER BY ac.language, ac.position), '[]')
            FROM cases_action ac WHERE ac.appeal_id = a.id
          ),
          'authorities', (
            SELECT coalesce(jsonb_agg(jsonb_build_object(
                'position', aa.position, {_authority("au")}
              ) ORDER BY aa.position, au.id::text), '[]')
            FROM cases_appealauthority aa
            JOIN authorities_authority au ON au.id = aa.authority_id
            WHERE aa.appeal_id = a.id
          )
        ) ORDER BY a.sequence NULLS LAST, a.id::text), '[]')
      FROM cases_appeal a WHERE a.case_id = c.id AND a.issued_at IS NOT NULL
    ),
    'target_authorities', (
      SELECT coalesce(jsonb_agg(jsonb_build_object(
          'position', ca.position, {_authority("au")}
        ) ORDER BY ca.position, au.id::text), '[]')
      FROM cases_caseauthority ca JOIN authorities_authority au ON au.id = ca.authority_id
      WHERE ca.case_id = c.id
    ),
    'external_references', (
      SELECT coalesce(jsonb_agg(jsonb_build_object(
          'issuer', x.issuer, 'reference', x.reference, 'date', x.date, 'url', x.url
        ) ORDER BY x.date::text NULLS FIRST, x.reference), '[]')
      FROM cases_externalreference x WHERE x.case_id = c.id
    )
  ) || {_disclosed("c", ("internal_notes",))}
)::text
FROM cases_case c
WHERE c.id = ANY(%s::uuid[])
ORDER BY c.updated_at, c.id
"""


def page_documents(case_ids: list) -> list[orjson.Fragment]:
    """Return the documents of these cases (in update order) as JSON text fragments."""
    with connection.cursor() as cursor:
        cursor.execute(PAGE_SQL, [[str(pk) for pk in case_ids]])
        return [orjson.Fragment(text) for (text,) in cursor.fetchall()]


def page_json(case_ids: list) -> bytes:
    """Return the page as the response body: {"results": [...]} (no "next"/"until")."""
    return orjson.dumps({"results": page_documents(case_ids)})
