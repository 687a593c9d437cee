#include "domainname.h"

#include <libpsl.h>

namespace DomainName {

namespace {

const psl_ctx_t *context()
{
    // The built-in list is as old as the library; psl_latest() prefers the newer of it and the
    // system's list (Debian's publicsuffix package). Loaded once, then read-only and shared.
    static const psl_ctx_t *const latest = [] {
        const psl_ctx_t *ctx = psl_latest(nullptr);
        return ctx ? ctx : psl_builtin();
    }();
    return latest;
}

} // namespace

QString registrable(const QString &host)
{
    const QByteArray name = host.trimmed().toLower().toUtf8();
    if (name.isEmpty())
        return {};
    const char *domain = psl_registrable_domain(context(), name.constData());
    return domain ? QString::fromUtf8(domain) : QString::fromUtf8(name);
}

} // namespace DomainName
