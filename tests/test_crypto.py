"""The cryptographic building blocks for reports and handlers' keys."""
import math

import pytest

from holdspace.crypto import receipts
from holdspace.crypto.boxes import (
    CannotOpen,
    lock,
    lock_text,
    new_data_key,
    open_sealed,
    seal_to,
    unlock,
    unlock_each,
    unlock_text,
)
from holdspace.crypto import derivation
from holdspace.crypto.derivation import (
    Argon2Parameters, argon2id, current_parameters, key_from_secret, new_salt, server_subkey,
)
from holdspace.crypto.keyrings import (
    keypair_new,
    private_key_unwrap,
    private_key_wrap,
    recovery_code_new,
    recovery_code_normalise,
)

CANARY = "CANARY-7f3a9 what happened in the stairwell"


def test_content_is_locked_and_tamper_evident():
    key = new_data_key()
    box = lock_text(key, text=CANARY)
    assert CANARY.encode() not in box and b"stairwell" not in box
    assert unlock_text(key, box=box) == CANARY
    with pytest.raises(CannotOpen):
        unlock_text(new_data_key(), box=box)
    with pytest.raises(CannotOpen):
        unlock_text(key, box=box[:-1] + bytes([box[-1] ^ 1]))
    assert lock_text(key, text=CANARY) != box  # a fresh nonce every time


def test_many_boxes_open_one_after_the_other_as_each_would_alone():
    key = new_data_key()
    texts = [b"", CANARY.encode(), "ñandú ".encode() * 2000, b"short"]  # the long one outgrows the first buffer
    boxes = [lock(key, plaintext=text) for text in texts]
    assert list(unlock_each(key, boxes=boxes)) == texts == [unlock(key, box=box) for box in boxes]
    assert list(unlock_each(key, boxes=[memoryview(box) for box in boxes])) == texts  # as PostgreSQL may give them
    opened = unlock_each(key, boxes=[boxes[0], boxes[1][:-1] + bytes([boxes[1][-1] ^ 1])])
    assert next(opened) == b""
    with pytest.raises(CannotOpen):  # an altered box stops it
        next(opened)
    for wrong in ([boxes[1][:39]], [boxes[1][:24]], [b""]):  # shorter than a nonce and its tag
        with pytest.raises(CannotOpen):
            list(unlock_each(key, boxes=wrong))
    with pytest.raises(CannotOpen):
        list(unlock_each(new_data_key(), boxes=boxes))
    with pytest.raises(CannotOpen):
        list(unlock_each(key[:16], boxes=boxes))


def test_a_data_key_sealed_to_two_handlers_opens_for_each_and_no_one_else():
    hana, omar, stranger = keypair_new(), keypair_new(), keypair_new()
    data_key = new_data_key()
    for handler in (hana, omar):
        assert open_sealed(handler, sealed=seal_to(bytes(handler.public_key), secret=data_key)) == data_key
    with pytest.raises(CannotOpen):
        open_sealed(stranger, sealed=seal_to(bytes(hana.public_key), secret=data_key))


def test_receipt_codes_are_long_random_and_forgiving_to_read():
    codes = {receipts.receipt_new() for _ in range(300)}
    assert len(codes) == 300
    code = codes.pop()
    groups = code.split("-")
    assert [len(group) for group in groups] == [4, 4, 4, 4, 4, 1]
    assert receipts.BITS - math.log2(37 / 32) >= 80  # at least 80 random bits, after redraws
    symbols = receipts.receipt_normalise(code)
    assert len(symbols) == 20
    sloppy = code.lower().replace("-", " ").replace("1", "l").replace("0", "o")
    assert receipts.receipt_normalise(sloppy) == symbols


@pytest.mark.parametrize("mangle", [lambda c: c[:-2], lambda c: c + "X", lambda c: "U" + c[1:]])
def test_mistyped_receipts_are_refused_before_any_lookup(mangle):
    with pytest.raises(receipts.NotAReceipt):
        receipts.receipt_normalise(mangle(receipts.receipt_new()))


def test_one_wrong_symbol_is_caught_by_the_check():
    code = receipts.receipt_normalise(receipts.receipt_new())
    caught = 0
    for position in range(20):
        for replacement in receipts.ALPHABET:
            if replacement != code[position]:
                typo = code[:position] + replacement + code[position + 1 :]
                try:
                    receipts.receipt_normalise(typo + receipts._check_symbol(code))
                except receipts.NotAReceipt:
                    caught += 1
    assert caught == 20 * 31  # mod 37 catches every single substitution


def test_lookup_hash_depends_on_the_server_secret(settings):
    symbols = receipts.receipt_normalise(receipts.receipt_new())
    first = receipts.receipt_lookup_hash(symbols)
    assert symbols not in first and len(first) == 64
    settings.HOLDSPACE_KEY_SECRET = "another-secret-" + "z" * 50
    assert receipts.receipt_lookup_hash(symbols) != first


def test_sub_keys_for_different_purposes_are_independent():
    assert server_subkey(b"hs-lookup") != server_subkey(b"hs-wrap-receipt")
    assert len(server_subkey(b"hs-lookup")) == 32


def test_keys_from_secrets_need_the_secret_the_salt_and_the_server(settings):
    parameters = current_parameters()
    salt = new_salt()
    key = key_from_secret("correct horse", salt=salt, parameters=parameters, purpose=b"receipt")
    assert key == key_from_secret("correct horse", salt=salt, parameters=parameters, purpose=b"receipt")
    assert key != key_from_secret("correct horsE", salt=salt, parameters=parameters, purpose=b"receipt")
    assert key != key_from_secret("correct horse", salt=new_salt(), parameters=parameters, purpose=b"receipt")
    assert key != key_from_secret("correct horse", salt=salt, parameters=parameters, purpose=b"password")
    settings.HOLDSPACE_KEY_SECRET = "another-secret-" + "z" * 50
    assert key != key_from_secret("correct horse", salt=salt, parameters=parameters, purpose=b"receipt")


def test_argon2id_gives_the_reference_output():
    # Argon2's own test vector (phc-winner-argon2 src/test.c, Argon2id v1.3, t=2, m=64 MiB, p=1).
    parameters = Argon2Parameters(2, 65536, 1)
    assert argon2id(b"password", salt=b"somesalt", parameters=parameters).hex() == (
        "09316115d5cf24ed5a15a31a3ba326e5cf32edc24702987c02b6566f61913cf7")


@pytest.mark.parametrize("parameters", [Argon2Parameters(1, 64, 1), Argon2Parameters(3, 256, 2),
                                        Argon2Parameters(2, 64, 1), Argon2Parameters(1, 1024, 4)])
def test_argon2id_is_argon2_cffis_own_whatever_memory_it_last_kept(parameters):
    from argon2.low_level import Type, hash_secret_raw

    salt = new_salt()
    assert argon2id(b"correct horse", salt=salt, parameters=parameters) == hash_secret_raw(
        b"correct horse", salt, time_cost=parameters.time_cost, memory_cost=parameters.memory_kib,
        parallelism=parameters.parallelism, hash_len=32, type=Type.ID)


def test_argon2id_keeps_its_memory_wiped_between_derivations():
    parameters = Argon2Parameters(1, 256, 1)
    argon2id(b"first secret", salt=new_salt(), parameters=parameters)
    block = derivation._memory.block
    argon2id(b"second secret", salt=new_salt(), parameters=parameters)
    assert derivation._memory.block is block  # paged in once, not at every derivation
    assert len(block) == 256 * 1024
    assert bytes(derivation.ffi.buffer(block)) == bytes(len(block))  # libargon2 wiped it before handing it back


def test_argon2id_wipes_its_memory_when_argon2_stops_half_way(monkeypatch):
    from argon2.exceptions import HashingError

    def stopped(context, type):  # as when libargon2 cannot start a lane's thread: its memory left as it was
        context.allocate_cbk(derivation.ffi.new("uint8_t **"), context.m_cost * 1024)
        derivation.ffi.buffer(derivation._memory.block)[:] = b"\x01" * (context.m_cost * 1024)
        return derivation.lib.ARGON2_THREAD_FAIL

    monkeypatch.setattr(derivation, "core", stopped)
    with pytest.raises(HashingError):
        argon2id(b"correct horse", salt=new_salt(), parameters=Argon2Parameters(1, 64, 2))
    assert bytes(derivation.ffi.buffer(derivation._memory.block)) == bytes(64 * 1024)


def test_argon2id_keeps_one_block_per_thread():
    import threading

    parameters = Argon2Parameters(1, 64, 1)
    argon2id(b"here", salt=new_salt(), parameters=parameters)
    here = derivation._memory.block
    there = []
    thread = threading.Thread(target=lambda: there.append(
        (argon2id(b"there", salt=b"s" * 16, parameters=parameters), derivation._memory.block)))
    thread.start()
    thread.join()
    assert there[0][1] is not here and derivation._memory.block is here


def test_argon2id_without_kept_memory_gives_the_same_key(monkeypatch):
    parameters, salt = Argon2Parameters(1, 64, 1), new_salt()
    kept = argon2id(b"correct horse", salt=salt, parameters=parameters)
    monkeypatch.setattr(derivation, "_LEND", None)  # where no callback can be made
    assert argon2id(b"correct horse", salt=salt, parameters=parameters) == kept


def test_argon2id_refuses_what_argon2_refuses():
    from argon2.exceptions import HashingError

    with pytest.raises(HashingError, match="Salt is too short"):
        argon2id(b"correct horse", salt=b"short", parameters=Argon2Parameters(1, 64, 1))


def test_parameters_travel_with_the_wrapped_key():
    parameters = Argon2Parameters(3, 65536, 1)
    assert Argon2Parameters.from_text(parameters.as_text()) == parameters
    with pytest.raises(ValueError):
        Argon2Parameters.from_text("scrypt$t=1$m=8$p=1")


def test_a_private_key_opens_with_its_password_or_its_recovery_code_only():
    private_key = keypair_new()
    recovery = recovery_code_new()
    by_password = private_key_wrap(private_key, secret="a handler's passphrase", purpose=b"password")
    by_recovery = private_key_wrap(private_key, secret=recovery_code_normalise(recovery), purpose=b"recovery")
    assert bytes(private_key) not in by_password.box
    opened = private_key_unwrap(by_password, secret="a handler's passphrase", purpose=b"password")
    assert bytes(opened) == bytes(private_key)
    sloppy = recovery.upper().replace("-", " ")
    opened = private_key_unwrap(by_recovery, secret=recovery_code_normalise(sloppy), purpose=b"recovery")
    assert bytes(opened.public_key) == bytes(private_key.public_key)
    with pytest.raises(CannotOpen):
        private_key_unwrap(by_password, secret="a handler's passphrasE", purpose=b"password")
    with pytest.raises(CannotOpen):
        private_key_unwrap(by_recovery, secret=recovery_code_normalise(recovery), purpose=b"password")
    assert len(recovery.replace("-", "")) * math.log2(31) >= 190
