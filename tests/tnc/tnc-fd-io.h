/* SPDX-License-Identifier: Apache-2.0 */
/* The PT-TLS transport over a stream socket for the TNC tests: blocking
 * reads and writes on the descriptor the userdata points to. */
#ifndef TNC_FD_IO_H
#define TNC_FD_IO_H

#include <errno.h>
#include <stdint.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <smgw/tnc/pt.h>

static int fd_read(void *ud, void *buf, size_t len, size_t *ret_n)
{
	int fd = *(int *)ud;
	ssize_t r;

	do
		r = read(fd, buf, len);
	while (r < 0 && errno == EINTR);
	if (r < 0)
		return SMGW_E_IO;
	*ret_n = (size_t)r;
	return 0;
}

static int fd_write(void *ud, const void *buf, size_t len)
{
	int fd = *(int *)ud;
	const uint8_t *p = buf;

	while (len) {
		ssize_t r = send(fd, p, len, MSG_NOSIGNAL);

		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			return SMGW_E_IO;
		p += r;
		len -= (size_t)r;
	}
	return 0;
}

#endif /* TNC_FD_IO_H */
