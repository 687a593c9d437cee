#pragma once

#include <QString>

// Registrable ("organisational") domains through libpsl and Debian's current public suffix list,
// e.g. o1.ptr1234.sendgrid.net -> sendgrid.net, mail.example.co.uk -> example.co.uk.
namespace DomainName {

// The registrable domain of `host`, lower-cased; the host itself when it has none (a public
// suffix, an IP address, a single label).
QString registrable(const QString &host);

} // namespace DomainName
