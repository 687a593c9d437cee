#pragma once

#include <QByteArray>
#include <QMap>
#include <QString>

#include <vector>

// Writes a minimal MaxMind DB (format 2.0, IPv4, 24-bit records) mapping /24 networks to
// {"country": {"iso_code": ...}}: enough for the tests to read countries through libmaxminddb
// without shipping a GeoLite2 file.
namespace MmdbWriter {

inline void appendString(QByteArray &out, const QByteArray &text)
{
    out += char((2 << 5) | text.size()); // UTF-8 string, size < 29
    out += text;
}

inline void appendUint(QByteArray &out, int type, quint64 value, int bytes)
{
    if (type <= 7)
        out += char((type << 5) | bytes);
    else {
        out += char(bytes); // extended type
        out += char(type - 7);
    }
    for (int i = bytes - 1; i >= 0; --i)
        out += char((value >> (8 * i)) & 0xff);
}

// `networks`: "192.0.2.0" (a /24) -> "DE".
inline QByteArray write(const QMap<QString, QString> &networks)
{
    // The data section: one record per country.
    QByteArray data;
    QMap<QString, quint32> offsetOf;
    for (const QString &iso : networks) {
        if (offsetOf.contains(iso))
            continue;
        offsetOf.insert(iso, quint32(data.size()));
        data += char((7 << 5) | 1); // map of one pair
        appendString(data, "country");
        data += char((7 << 5) | 1);
        appendString(data, "iso_code");
        appendString(data, iso.toLatin1());
    }
    // The search tree: a path of 24 nodes per network; quint32(-1) is "not set yet".
    std::vector<std::pair<quint32, quint32>> nodes(1, { quint32(-1), quint32(-1) });
    std::vector<std::pair<QString, std::pair<size_t, int>>> leaves;
    for (auto it = networks.cbegin(); it != networks.cend(); ++it) {
        const QStringList octets = it.key().split(QLatin1Char('.'));
        const quint32 address = (octets.at(0).toUInt() << 24) | (octets.at(1).toUInt() << 16)
            | (octets.at(2).toUInt() << 8);
        size_t node = 0;
        for (int depth = 0; depth < 24; ++depth) {
            const int bit = (address >> (31 - depth)) & 1;
            quint32 &record = bit ? nodes[node].second : nodes[node].first;
            if (depth == 23) {
                leaves.push_back({ it.value(), { node, bit } });
                break;
            }
            if (record == quint32(-1)) {
                record = quint32(nodes.size());
                nodes.push_back({ quint32(-1), quint32(-1) });
            }
            node = (bit ? nodes[node].second : nodes[node].first);
        }
    }
    const quint32 count = quint32(nodes.size());
    for (const auto &[iso, where] : leaves) {
        quint32 &record = where.second ? nodes[where.first].second : nodes[where.first].first;
        record = count + 16 + offsetOf.value(iso);
    }
    QByteArray out;
    auto put24 = [&out](quint32 value) {
        out += char((value >> 16) & 0xff);
        out += char((value >> 8) & 0xff);
        out += char(value & 0xff);
    };
    for (const auto &[left, right] : nodes) {
        put24(left == quint32(-1) ? count : left);
        put24(right == quint32(-1) ? count : right);
    }
    out += QByteArray(16, '\0');
    out += data;
    out += QByteArray("\xAB\xCD\xEFMaxMind.com");
    out += char((7 << 5) | 9); // metadata: a map of nine pairs
    appendString(out, "node_count");
    appendUint(out, 6, count, 4);
    appendString(out, "record_size");
    appendUint(out, 5, 24, 2);
    appendString(out, "ip_version");
    appendUint(out, 5, 4, 2);
    appendString(out, "database_type");
    appendString(out, "DMARCScope-Test-Country");
    appendString(out, "languages");
    out += char(0); // extended type, size 0
    out += char(11 - 7); // array
    appendString(out, "binary_format_major_version");
    appendUint(out, 5, 2, 2);
    appendString(out, "binary_format_minor_version");
    appendUint(out, 5, 0, 2);
    appendString(out, "build_epoch");
    appendUint(out, 9, 1700000000, 8);
    appendString(out, "description");
    out += char((7 << 5) | 0); // an empty map
    return out;
}

} // namespace MmdbWriter
