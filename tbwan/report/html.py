"""The HTML report: one self-contained file (inline CSS, no script, no external assets).

Jinja2 autoescaping escapes every value: host names, error messages and config lines
may hold ``<`` or ``&``.
"""

from __future__ import annotations

from functools import cache

from jinja2 import Environment, StrictUndefined
from markupsafe import Markup, escape

from tbwan.diff.models import ConfigPath
from tbwan.report.i18n import translations
from tbwan.report.models import AuditReport, HostStatus, StatusCounts

_CSS = """
body{font-family:system-ui,sans-serif;margin:1.5rem;color:#1d2433;background:#fafbfc}
h1{margin:0 0 .3rem}h2{margin-top:2rem;border-bottom:2px solid #d0d7de}
.meta{color:#57606a}.cards{display:flex;gap:1rem;margin:1rem 0}
.card{padding:.8rem 1.2rem;border-radius:8px;background:#fff;border:1px solid #d0d7de}
.card b{display:block;font-size:1.8rem}
.compliant{color:#1a7f37}.drifted{color:#bc4c00}.unreachable,.failed,.pending{color:#cf222e}
.host{background:#fff;border:1px solid #d0d7de;border-radius:8px;padding:.6rem 1rem;margin:.6rem 0}
.badge{font-weight:bold;text-transform:uppercase;font-size:.8rem}
pre{background:#f6f8fa;padding:.5rem;overflow-x:auto;margin:.3rem 0}
.add{color:#1a7f37;background:#dafbe1;display:block}
.del{color:#cf222e;background:#ffebe9;display:block}
.ctx{color:#57606a}
"""

_TEMPLATE = """{%- macro site_block(site, region) %}
<h3>{{ site.label }} <small class="meta">{{ counts_text(site.counts) }}</small></h3>
{%- for h in report.hosts if h.region == region.region and h.site == site.site %}
<div class="host" id="host-{{ h.host }}">
<span class="badge {{ h.status }}">{{ _(h.status.value) }}</span> <b>{{ h.host }}</b>
<span class="meta">{{ h.role }}</span>
{%- if h.error %}<pre class="del">{{ h.error }}</pre>{% endif %}
{%- if h.drift and not h.drift.compliant %}
{%- for f in h.drift.features %}
<h4>{{ f.feature }} <small class="meta">+{{ f.missing|length }} -{{ f.extra|length }}</small></h4>
<pre>
{%- for p in f.missing %}<span class="add">+ {{ line(p) }}</span>{% endfor %}
{%- for p in f.extra %}<span class="del">- {{ line(p) }}</span>{% endfor -%}
{%- for p in f.secret_changed -%}
<span class="meta">~ {{ line(p) }} (secret changed)</span>
{%- endfor -%}
</pre>
{%- endfor %}
<details><summary>Remediation (running &rarr; intended)</summary>
<pre>{{ h.drift.remediation }}</pre></details>
<details><summary>Rollback (intended &rarr; running)</summary>
<pre>{{ h.drift.rollback }}</pre></details>
{%- endif %}
</div>
{%- endfor %}
{%- endmacro %}
<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>tbwan drift audit {{ report.started.isoformat() }}</title>
<style>{{ css }}</style></head><body>
<h1>{{ _("tbwan drift audit") }}</h1>
<p class="meta">{{ _(
"Started %(started)s, finished %(finished)s (%(seconds)s s), tbwan %(version)s, %(hosts)d hosts.",
 started=report.started.isoformat(), finished=report.finished.isoformat(),
 seconds='%.1f' % report.duration_seconds, version=report.tbwan_version,
 hosts=report.counts.total) }}</p>
<div class="cards" id="summary">
{%- for status in statuses %}
<div class="card {{ status }}"><b>{{ report.counts|attr(status) }}</b>{{ _(status) }}</div>
{%- endfor %}
</div>
<p class="meta"><span class="add" style="display:inline">+ line</span>
{{ _("is in the intended config and missing on the device;") }}
<span class="del" style="display:inline">- line</span>
{{ _("is on the device and not intended. Remediation adds the first and removes the second.") }}
</p>
{%- set problems = report.hosts | rejectattr("status", "equalto", "compliant") | list %}
{%- if problems %}
<h2>{{ _("Needs attention") }}
<small class="meta">{{ _("%(n)d hosts", n=problems|length) }}</small></h2>
<ul>
{%- for h in problems %}
<li><a href="#host-{{ h.host }}">{{ h.host }}</a>
<span class="badge {{ h.status }}">{{ _(h.status.value) }}</span>
<span class="meta">{{ h.region_name or h.region }} / {{ h.site_name or h.site }}</span></li>
{%- endfor %}
</ul>
{%- endif %}
{%- for region in report.regions %}
<h2>{{ region.label }} <small class="meta">{{ counts_text(region.counts) }}</small></h2>
{%- set sites = report.sites | selectattr("region", "equalto", region.region) | list %}
{%- for site in sites if site.counts.compliant != site.counts.total %}
{{ site_block(site, region) }}
{%- endfor %}
{%- set clean = [] %}
{%- for site in sites if site.counts.compliant == site.counts.total %}
{%- set _ = clean.append(site) %}
{%- endfor %}
{%- if clean %}
<details><summary>{{ _("%(n)d sites where every host is compliant", n=clean|length) }}</summary>
{%- for site in clean %}
{{ site_block(site, region) }}
{%- endfor %}
</details>
{%- endif %}
{%- endfor %}
</body></html>
"""


@cache
def _env(lang: str) -> Environment:
    env = Environment(
        autoescape=True,
        undefined=StrictUndefined,
        keep_trailing_newline=True,
        extensions=["jinja2.ext.i18n"],
    )
    env.install_gettext_translations(translations(lang), newstyle=True)  # type: ignore[attr-defined]
    return env


_STATUSES = tuple(s.value for s in HostStatus)


def _line(path: ConfigPath) -> Markup:
    """Parents dimmed, the changed line plain; every part escaped."""
    parents = Markup("").join(
        Markup('<span class="ctx">{} &gt; </span>').format(p) for p in path[:-1]
    )
    return parents + escape(path[-1])


def to_html(report: AuditReport, lang: str = "en") -> str:
    """The report as one HTML page: summary, then per district, site, host and feature
    (texts in ``lang``: ``en`` or ``vi``)."""
    _ = translations(lang).gettext

    def counts_text(counts: StatusCounts) -> str:
        return ", ".join(f"{getattr(counts, s)} {_(s)}" for s in _STATUSES if getattr(counts, s))

    template = _env(lang).from_string(_TEMPLATE)
    return template.render(
        report=report,
        css=_CSS,
        statuses=_STATUSES,
        line=_line,
        counts_text=counts_text,
    )
