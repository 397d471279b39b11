"""Named ACLs and certificate chains: remarks seen, single-entry remediation, whole certs."""

from __future__ import annotations

import random
import re

import pytest

from tbwan.diff import Feature, diff_configs, plan_changes
from tbwan.diff.remediation import future_config
from tbwan.platforms import IOS

ACL = """\
ip access-list extended LAN-IN
 remark allow web
 permit tcp 10.34.41.0 0.0.0.255 any eq www
 permit tcp 10.34.41.0 0.0.0.255 any eq 443
 deny ip any any log
"""


def _round_trip(intended: str, running: str) -> str:
    """The remediation, after checking it turns ``running`` into ``intended``."""
    plan = plan_changes(intended, running, platform=IOS)
    assert diff_configs(
        "r1", intended, future_config(running, plan.remediation), platform=IOS
    ).compliant
    assert diff_configs(
        "r1", running, future_config(intended, plan.rollback), platform=IOS
    ).compliant
    return plan.remediation


def test_remark_change_is_drift() -> None:
    running = ACL.replace("remark allow web", "remark allow www")
    drift = diff_configs("r1", ACL, running, platform=IOS)
    security = drift.by_feature()[Feature.SECURITY]
    assert security.missing == (("ip access-list extended LAN-IN", "remark allow web"),)
    assert security.extra == (("ip access-list extended LAN-IN", "remark allow www"),)
    assert _round_trip(ACL, running) == (
        "ip access-list extended LAN-IN\n 5 remark allow web\n no 10\n exit\n"
    )


def test_insert_before_final_deny_is_one_command() -> None:
    running = ACL.replace(" permit tcp 10.34.41.0 0.0.0.255 any eq 443\n", "")
    assert _round_trip(ACL, running) == (
        "ip access-list extended LAN-IN\n 25 permit tcp 10.34.41.0 0.0.0.255 any eq 443\n exit\n"
    )


def test_sequenced_acl_keeps_device_numbers() -> None:
    running = "ip access-list extended X\n 10 permit tcp any any eq 22\n 20 deny ip any any\n"
    intended = (
        "ip access-list extended X\n 10 permit tcp any any eq 22\n"
        " 20 permit tcp any any eq 443\n 30 deny ip any any\n"
    )
    assert _round_trip(intended, running) == (
        "ip access-list extended X\n 15 permit tcp any any eq 443\n exit\n"
    )
    assert diff_configs("r1", intended, running, platform=IOS).line_count == 1


def test_no_free_number_resequences_first() -> None:
    running = "ip access-list extended X\n 10 permit tcp any any eq 22\n 11 deny ip any any\n"
    intended = (
        "ip access-list extended X\n permit tcp any any eq 22\n permit icmp any any\n"
        " deny ip any any\n"
    )
    remediation = _round_trip(intended, running)
    assert remediation.splitlines()[0] == "ip access-list resequence X 10 10"
    assert " no " not in remediation


def test_reorder_is_drift_and_fixed() -> None:
    www, https = (f" permit tcp 10.34.41.0 0.0.0.255 any eq {p}\n" for p in ("www", "443"))
    running = ACL.replace(www + https, https + www)
    assert not diff_configs("r1", ACL, running, platform=IOS).compliant
    _round_trip(ACL, running)


@pytest.mark.parametrize("seed", range(30))
def test_random_edits_never_remove_a_kept_entry(seed: int) -> None:
    rng = random.Random(seed)
    pool = [f"permit tcp any host 10.0.0.{n} eq 22" for n in range(1, 40)]
    running_entries = [*rng.sample(pool, 12), "deny ip any any"]
    intended_entries = list(running_entries)
    for _ in range(rng.randint(1, 5)):
        if rng.random() < 0.5 and len(intended_entries) > 2:
            del intended_entries[rng.randrange(len(intended_entries) - 1)]
        else:
            # a new entry (one of running's would be a move: removed, then added)
            new = rng.choice([e for e in pool if e not in running_entries + intended_entries])
            intended_entries.insert(rng.randrange(len(intended_entries)), new)
    running = "ip access-list extended X\n" + "".join(f" {e}\n" for e in running_entries)
    intended = "ip access-list extended X\n" + "".join(f" {e}\n" for e in intended_entries)
    remediation = _round_trip(intended, running)
    removed = {int(n) for n in re.findall(r"^ no (\d+)$", remediation, re.M)}
    kept = {10 * (i + 1) for i, e in enumerate(running_entries) if e in intended_entries}
    assert not removed & kept


CHAIN = """\
crypto pki trustpoint TP-self-signed-1
 enrollment selfsigned
crypto pki certificate chain TP-self-signed-1
 certificate self-signed 01
  3082022B 30820194 A0030201 02020101
  3082022B 30820194 A0030201 02020101
  0D06092A 864886F7 0D010105 05003031
  \tquit
"""


def test_certificate_replaced_whole() -> None:
    running = CHAIN.replace("0D06092A", "0E06092A")
    drift = diff_configs("r1", CHAIN, running, platform=IOS)
    assert drift.line_count == 2
    remediation = _round_trip(CHAIN, running)
    assert remediation.splitlines() == [
        "crypto pki certificate chain TP-self-signed-1",
        " no certificate self-signed 01",
        " certificate self-signed 01",
        "  3082022B 30820194 A0030201 02020101",
        "  3082022B 30820194 A0030201 02020101",
        "  0D06092A 864886F7 0D010105 05003031",
        "  quit",
        " exit",
    ]
    assert diff_configs("r1", CHAIN, CHAIN, platform=IOS).compliant


def test_certificate_indented_two_spaces_is_the_same_chain() -> None:
    # IOS reads a chain by mode: `certificate` two spaces in, its data and `quit` anywhere
    # below it, is the chain IOS prints one space in
    hand = CHAIN.replace(" certificate self-signed 01", "  certificate self-signed 01")
    hand = hand.replace("  \tquit", "  quit")
    assert diff_configs("r1", hand, CHAIN, platform=IOS).compliant
    changed = hand.replace("0D06092A", "0E06092A")
    drift = diff_configs("r1", changed, CHAIN, platform=IOS)
    assert {p[:2] for p in drift.features[0].missing} == {
        ("crypto pki certificate chain TP-self-signed-1", "certificate self-signed 01")
    }


def test_section_given_twice_with_other_indents_is_one_section() -> None:
    # the second `call-home` is two spaces in, its `profile` one: IOS adds both to one
    # section; none of its lines belongs under the first section's last line
    twice = (
        "call-home\n contact-email-addr a@b.c\n street-address x\n!\n"
        "call-home\n  site-id s1\n  alert-group syslog\n profile p\n   active\n"
    )
    shown = (
        "call-home\n contact-email-addr a@b.c\n street-address x\n site-id s1\n"
        " alert-group syslog\n profile p\n  active\n"
    )
    assert diff_configs("r1", twice, shown, platform=IOS).compliant
    drift = diff_configs("r1", twice, shown.replace("  active", "  no active"), platform=IOS)
    assert [p for f in drift.features for p in f.missing] == [("call-home", "profile p", "active")]
