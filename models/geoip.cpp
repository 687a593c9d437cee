#include "geoip.h"

#include <QFile>
#include <QSettings>

#include <maxminddb.h>

GeoIp::~GeoIp()
{
    if (m_db) {
        MMDB_close(m_db);
        delete m_db;
    }
}

bool GeoIp::open(const QString &path)
{
    m_error.clear();
    if (m_db) {
        MMDB_close(m_db);
        delete m_db;
        m_db = nullptr;
    }
    auto *db = new MMDB_s;
    const int status = MMDB_open(QFile::encodeName(path).constData(), MMDB_MODE_MMAP, db);
    if (status != MMDB_SUCCESS) {
        m_error = QString::fromUtf8(MMDB_strerror(status));
        delete db;
        return false;
    }
    m_db = db;
    return true;
}

QString GeoIp::country(const QString &ip) const
{
    if (!m_db)
        return {};
    int gaiError = 0, mmdbError = 0;
    const QByteArray address = ip.toLatin1();
    MMDB_lookup_result_s result
        = MMDB_lookup_string(m_db, address.constData(), &gaiError, &mmdbError);
    if (gaiError != 0 || mmdbError != MMDB_SUCCESS || !result.found_entry)
        return {};
    MMDB_entry_data_s data;
    // GeoIP2/GeoLite2 name it country.iso_code; some free databases only registered_country.
    for (const char *top : { "country", "registered_country" }) {
        if (MMDB_get_value(&result.entry, &data, top, "iso_code", nullptr) == MMDB_SUCCESS
            && data.has_data && data.type == MMDB_DATA_TYPE_UTF8_STRING)
            return QString::fromUtf8(data.utf8_string, int(data.data_size));
    }
    return {};
}

QString GeoIp::configuredPath()
{
    return QSettings().value(QStringLiteral("geoip/database")).toString();
}
