#pragma once

#include <QByteArray>
#include <QDateTime>
#include <QList>
#include <QMetaType>
#include <QString>
#include <QStringList>

// Plain value types for DMARC aggregate reports (RFC 7489 appendix C and RFC 9990).
// The parser fills them, the store persists them, the models present them.

struct PolicyPublished
{
    QString domain;
    QString adkim; // "r" or "s"
    QString aspf;
    QString p; // none, quarantine, reject
    QString sp;
    QString np; // RFC 9990
    QString pct; // kept as text: deprecated by RFC 9990, still seen
    QString fo;
    QString testing; // RFC 9990: "y" or "n"
    QString discoveryMethod; // RFC 9990: "psl" or "treewalk"
};

struct PolicyOverride
{
    QString type; // forwarded, sampled_out, trusted_forwarder, mailing_list, local_policy, other,
                  // policy_test_mode
    QString comment;
};

struct DkimAuthResult
{
    QString domain;
    QString selector;
    QString result; // none, pass, fail, policy, neutral, temperror, permerror (lower-cased)
    QString humanResult;
};

struct SpfAuthResult
{
    QString domain;
    QString scope; // helo or mfrom
    QString result;
    QString humanResult;
};

struct AggregateRecord
{
    QString sourceIp;
    qint64 count = 0;
    QString disposition; // none, quarantine, reject, pass (RFC 9990)
    QString dkimEvaluated; // pass / fail
    QString spfEvaluated;
    QList<PolicyOverride> reasons;
    QString headerFrom;
    QString envelopeFrom;
    QString envelopeTo;
    QList<DkimAuthResult> dkim;
    QList<SpfAuthResult> spf;

    // The DMARC result is "pass" when either policy-evaluated mechanism passed.
    bool dmarcPass() const
    {
        return dkimEvaluated == QLatin1String("pass") || spfEvaluated == QLatin1String("pass");
    }
};

struct AggregateReport
{
    QString schemaVersion; // <version>, empty when missing
    QString namespaceUri;
    QString orgName;
    QString email;
    QString extraContactInfo;
    QString reportId;
    QString generator; // RFC 9990
    qint64 dateBegin = 0; // seconds since the epoch, UTC
    qint64 dateEnd = 0;
    QStringList errors;
    PolicyPublished policy;
    QList<AggregateRecord> records;

    qint64 messageCount() const
    {
        qint64 total = 0;
        for (const auto &record : records)
            total += record.count;
        return total;
    }
};

Q_DECLARE_METATYPE(AggregateReport)
