#pragma once

#include <QString>

struct MMDB_s;

// Country of an IP address from a MaxMind-format database (GeoLite2-Country, GeoIP2, DB-IP's
// free ones) that the user points to in Settings. Without a database there is no country, and no
// error: the feature is optional.
class GeoIp
{
public:
    GeoIp() = default;
    ~GeoIp();
    GeoIp(const GeoIp &) = delete;
    GeoIp &operator=(const GeoIp &) = delete;

    // Opens the database; false (and errorString) if it is unreadable.
    bool open(const QString &path);
    bool isOpen() const { return m_db != nullptr; }
    QString errorString() const { return m_error; }
    // ISO 3166 code ("DE"), or empty when unknown.
    QString country(const QString &ip) const;

    // The database of the settings (geoip/database), opened; closed when none is set.
    static QString configuredPath();

private:
    MMDB_s *m_db = nullptr;
    QString m_error;
};
