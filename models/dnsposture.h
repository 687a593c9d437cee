#pragma once

#include <QHostAddress>
#include <QMap>
#include <QObject>
#include <QQueue>
#include <QSet>
#include <QSqlDatabase>
#include <QStringList>

#include <functional>

class QDnsLookup;

// What a domain publishes for mail authentication, and what is wrong with it, in words.
struct DnsPosture
{
    struct DkimKey
    {
        QString selector;
        bool found = false;
        bool revoked = false; // p= empty
        QString record;
    };

    QString domain;
    QString dmarcRecord;
    QMap<QString, QString> dmarcTags; // lower-case tag -> value
    QString spfRecord;
    int spfLookups = 0; // DNS-querying mechanisms and modifiers, includes expanded
    QStringList spfIncludes; // the domains expanded
    QList<DkimKey> dkim;
    QStringList problems; // errors first, then warnings; each a sentence
};

Q_DECLARE_METATYPE(DnsPosture)

// Fetches a domain's DMARC record, its SPF record with include/redirect expanded up to RFC 7208's
// ten lookups, the DKIM keys of the selectors its reports show, and the authorisation records of
// foreign report addresses; then judges them, following the lessons of real abuse cases.
// Asynchronous (QDnsLookup); `finished` carries the result.
class DnsPostureCheck : public QObject
{
    Q_OBJECT
public:
    explicit DnsPostureCheck(QObject *parent = nullptr);

    void setNameserver(const QHostAddress &nameserver) { m_nameserver = nameserver; }
    // Authorised sources (by the reports) that pass with SPF only: forwarding breaks them.
    void setSpfOnlyAuthorisedSources(const QStringList &ips) { m_spfOnly = ips; }
    void start(const QString &domain, const QStringList &selectors);
    bool isRunning() const { return m_pending > 0; }

    // What the store says to check: the DKIM selectors its reports show for the domain, and its
    // authorised sources that pass with SPF only.
    static void inputsFromStore(
        QSqlDatabase db, const QString &domain, QStringList *selectors, QStringList *spfOnly);
    // The judgement alone, from records already fetched (what the tests of wording use).
    static QStringList judge(const DnsPosture &posture, const QStringList &spfOnlySources,
        const QMap<QString, bool> &reportAuthorisations);

Q_SIGNALS:
    void finished(const DnsPosture &posture);

private:
    void lookUpTxt(const QString &name, std::function<void(const QStringList &, bool found)> done);
    void expandSpf(const QString &name, int depth);
    void requestDone();

    QHostAddress m_nameserver;
    QStringList m_spfOnly;
    DnsPosture m_posture;
    QMap<QString, bool> m_authorisations; // foreign report domain -> authorised
    QSet<QString> m_spfSeen;
    int m_pending = 0;
};
