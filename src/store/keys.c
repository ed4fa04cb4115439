/*
** keys.c: the key file beside the database (PATH.key): the ID-number sealing and hashing keys.
**
** It is created once, with mode 0600, when the database is created, and never rewritten: losing it makes
** every stored ID number unreadable, so backups copy it too.
*/
#include "keys.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sodium.h>

static const char MAGIC[8] = {'W', 'S', 'K', 'E', 'Y', '0', '0', '1'};

static ws_err write_all(int fd, const void *p, size_t n) {
    const char *c = p;
    while (n > 0) {
        ssize_t w = write(fd, c, n);
        if (w < 0 && errno == EINTR) continue;
        if (w <= 0) return WS_ERR_IO;
        c += w;
        n -= (size_t)w;
    }
    return WS_OK;
}

/* Writes MAGIC + keys to a new file (mode 0600) and syncs it; removes it again on failure. */
static ws_err write_key_file(const char *path, const core_idkeys *k, char *why, size_t whysz) {
    int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd < 0) {
        snprintf(why, whysz, "cannot create key file %s: %s", path, strerror(errno));
        return WS_ERR_IO;
    }
    ws_err e = write_all(fd, MAGIC, sizeof MAGIC);
    if (!e) e = write_all(fd, k, sizeof *k);
    if (!e && fsync(fd) != 0) e = WS_ERR_IO;
    close(fd);
    if (e) {
        unlink(path);
        snprintf(why, whysz, "cannot write key file %s", path);
    }
    return e;
}

ws_err store_keys_create(const char *key_path, core_idkeys *out, char *why, size_t whysz) {
    core_idkeys k;
    core_idcrypt_keygen(&k);
    ws_err e = write_key_file(key_path, &k, why, whysz);
    if (!e) *out = k;
    sodium_memzero(&k, sizeof k);
    return e;
}

ws_err store_keys_load(const char *key_path, core_idkeys *out, char *why, size_t whysz) {
    int fd = open(key_path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        snprintf(why, whysz, "cannot open key file %s: %s (it belongs beside the database)", key_path,
                 strerror(errno));
        return WS_ERR_CRYPTO;
    }
    struct stat st;
    char buf[sizeof MAGIC + sizeof(core_idkeys) + 1];
    ssize_t n = fstat(fd, &st) == 0 ? read(fd, buf, sizeof buf) : -1;
    close(fd);
    if (n != (ssize_t)(sizeof MAGIC + sizeof(core_idkeys)) || memcmp(buf, MAGIC, sizeof MAGIC) != 0) {
        snprintf(why, whysz, "key file %s is not a Waystation key file", key_path);
        return WS_ERR_CRYPTO;
    }
    if (st.st_mode & 077) {
        snprintf(why, whysz, "key file %s is readable by others: chmod 600 it", key_path);
        return WS_ERR_CRYPTO;
    }
    memcpy(out, buf + sizeof MAGIC, sizeof *out);
    sodium_memzero(buf, sizeof buf);
    return WS_OK;
}

ws_err store_keys_copy(const char *from, const char *to, char *why, size_t whysz) {
    core_idkeys k;
    ws_err e = store_keys_load(from, &k, why, whysz);
    if (!e) e = write_key_file(to, &k, why, whysz);
    sodium_memzero(&k, sizeof k);
    return e;
}
