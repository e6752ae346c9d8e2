/* status.c - text for precis_status codes. */
#include "precis.h"

const char *precis_strerror(precis_status st)
{
    switch (st) {
    case PRECIS_OK: return "success";
    case PRECIS_ENOMEM: return "out of memory";
    case PRECIS_EIO: return "input/output error";
    case PRECIS_EPARSE: return "malformed input";
    case PRECIS_EUTF8: return "invalid UTF-8";
    case PRECIS_EINVAL: return "invalid argument";
    case PRECIS_EDB: return "database error";
    case PRECIS_EBINARY: return "binary file";
    case PRECIS_ENOTFOUND: return "not found";
    }
    return "unknown error";
}
