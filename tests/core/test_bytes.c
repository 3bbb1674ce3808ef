/* SPDX-License-Identifier: Apache-2.0 */
/* The bounds-checked byte reader and writer. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include <smgw/bytes.h>

static void test_reader_basic(void **state)
{
	static const uint8_t buf[] = { 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x09, 0x0a };
	struct smgw_reader r;
	uint8_t b;
	uint16_t w;
	uint32_t d;
	uint64_t q;
	const uint8_t *p;

	(void)state;
	smgw_reader_init(&r, buf, sizeof(buf));
	assert_int_equal(smgw_reader_remaining(&r), 10);
	assert_int_equal(smgw_reader_peek_u8(&r, &b), 0);
	assert_int_equal(b, 1);
	assert_int_equal(smgw_reader_u8(&r, &b), 0);
	assert_int_equal(b, 1);
	assert_int_equal(smgw_reader_be16(&r, &w), 0);
	assert_int_equal(w, 0x0203);
	assert_int_equal(smgw_reader_le16(&r, &w), 0);
	assert_int_equal(w, 0x0504);
	assert_int_equal(smgw_reader_be(&r, 3, &q), 0);
	assert_int_equal(q, 0x060708);
	assert_ptr_equal(smgw_reader_cur(&r), buf + 8);
	assert_int_equal(smgw_reader_be32(&r, &d), SMGW_E_TRUNCATED); /* 2 left */
	assert_int_equal(r.pos, 8); /* failed read consumed nothing */
	assert_int_equal(smgw_reader_bytes(&r, 2, &p), 0);
	assert_ptr_equal(p, buf + 8);
	assert_int_equal(smgw_reader_remaining(&r), 0);
	assert_int_equal(smgw_reader_u8(&r, &b), SMGW_E_TRUNCATED);
	assert_int_equal(smgw_reader_peek_u8(&r, &b), SMGW_E_TRUNCATED);
	assert_int_equal(smgw_reader_skip(&r, 0), 0);
	assert_int_equal(smgw_reader_skip(&r, 1), SMGW_E_TRUNCATED);
}

static void test_reader_widths(void **state)
{
	static const uint8_t buf[] = { 0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, 0x88 };
	struct smgw_reader r;
	uint64_t q;
	uint32_t d;

	(void)state;
	smgw_reader_init(&r, buf, sizeof(buf));
	assert_int_equal(smgw_reader_be64(&r, &q), 0);
	assert_true(q == UINT64_C(0x1122334455667788));
	smgw_reader_init(&r, buf, sizeof(buf));
	assert_int_equal(smgw_reader_le64(&r, &q), 0);
	assert_true(q == UINT64_C(0x8877665544332211));
	smgw_reader_init(&r, buf, sizeof(buf));
	assert_int_equal(smgw_reader_le32(&r, &d), 0);
	assert_int_equal(d, 0x44332211);
	assert_int_equal(smgw_reader_be32(&r, &d), 0);
	assert_int_equal(d, 0x55667788);
	smgw_reader_init(&r, buf, sizeof(buf));
	assert_int_equal(smgw_reader_be(&r, 0, &q), SMGW_E_INVAL);
	assert_int_equal(smgw_reader_be(&r, 9, &q), SMGW_E_INVAL);
	assert_int_equal(smgw_reader_le(&r, 9, &q), SMGW_E_INVAL);
	assert_int_equal(r.pos, 0);
}

static void test_reader_sub_and_huge_lengths(void **state)
{
	static const uint8_t buf[] = { 3, 'a', 'b', 'c', 0xff };
	struct smgw_reader r, sub;
	uint8_t n, tmp[8];

	(void)state;
	smgw_reader_init(&r, buf, sizeof(buf));
	assert_int_equal(smgw_reader_u8(&r, &n), 0);
	assert_int_equal(smgw_reader_sub(&r, n, &sub), 0);
	assert_int_equal(smgw_reader_remaining(&sub), 3);
	assert_int_equal(smgw_reader_copy(&sub, tmp, 3), 0);
	assert_memory_equal(tmp, "abc", 3);
	assert_int_equal(smgw_reader_copy(&sub, tmp, 1), SMGW_E_TRUNCATED);
	/* Lengths that would wrap pointer arithmetic are refused. */
	assert_int_equal(smgw_reader_skip(&r, SIZE_MAX), SMGW_E_TRUNCATED);
	assert_int_equal(smgw_reader_sub(&r, SIZE_MAX, &sub), SMGW_E_TRUNCATED);
	assert_int_equal(smgw_reader_copy(&r, tmp, SIZE_MAX), SMGW_E_TRUNCATED);
	assert_int_equal(r.pos, 4);
	/* NULL buffer: an empty reader */
	smgw_reader_init(&r, NULL, 100);
	assert_int_equal(smgw_reader_remaining(&r), 0);
}

static void test_writer(void **state)
{
	uint8_t buf[8];
	struct smgw_writer w;
	size_t len = 0;

	(void)state;
	smgw_writer_init(&w, buf, sizeof(buf));
	smgw_writer_u8(&w, 0xaa);
	smgw_writer_be16(&w, 0x0102);
	smgw_writer_le32(&w, 0x06050403);
	assert_int_equal(smgw_writer_finish(&w, &len), 0);
	assert_int_equal(len, 7);
	assert_memory_equal(buf, "\xaa\x01\x02\x03\x04\x05\x06", 7);
	smgw_writer_be32(&w, 0xdeadbeef); /* does not fit */
	smgw_writer_u8(&w, 1);
	assert_int_equal(smgw_writer_finish(&w, &len), SMGW_E_BUFSIZE);
	assert_int_equal(len, 12); /* the size that would have been needed */
}

static void test_writer_size_query(void **state)
{
	struct smgw_writer w;
	size_t len = 0;
	uint8_t *out;

	(void)state;
	/* First pass counts, second pass writes: the size-query protocol. */
	smgw_writer_init(&w, NULL, 0);
	smgw_writer_bytes(&w, "hello", 5);
	smgw_writer_fill(&w, 0, 3);
	smgw_writer_be64(&w, 1);
	assert_int_equal(smgw_writer_finish(&w, &len), SMGW_E_BUFSIZE);
	assert_int_equal(len, 16);
	out = malloc(len);
	assert_non_null(out);
	smgw_writer_init(&w, out, len);
	smgw_writer_bytes(&w, "hello", 5);
	smgw_writer_fill(&w, 0, 3);
	smgw_writer_be64(&w, 1);
	assert_int_equal(smgw_writer_finish(&w, &len), 0);
	assert_int_equal(len, 16);
	assert_memory_equal(out, "hello\0\0\0\0\0\0\0\0\0\0\x01", 16);
	free(out);
}

static void test_writer_errors(void **state)
{
	uint8_t buf[4];
	struct smgw_writer w;
	size_t len = 99;

	(void)state;
	smgw_writer_init(&w, buf, sizeof(buf));
	smgw_writer_be(&w, 9, 0);
	assert_int_equal(smgw_writer_finish(&w, &len), SMGW_E_INVAL);
	assert_int_equal(len, 99); /* not written on hard errors */
	smgw_writer_init(&w, buf, sizeof(buf));
	smgw_writer_u8(&w, 1);
	assert_null(smgw_writer_reserve(&w, SIZE_MAX));
	assert_int_equal(smgw_writer_finish(&w, &len), SMGW_E_OVERFLOW);
	smgw_writer_init(&w, buf, sizeof(buf));
	smgw_writer_le(&w, 3, 0x030201);
	assert_memory_equal(buf, "\x01\x02\x03", 3);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_reader_basic),
		cmocka_unit_test(test_reader_widths),
		cmocka_unit_test(test_reader_sub_and_huge_lengths),
		cmocka_unit_test(test_writer),
		cmocka_unit_test(test_writer_size_query),
		cmocka_unit_test(test_writer_errors),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
