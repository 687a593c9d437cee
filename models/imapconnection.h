#pragma once

#include "imapendpoint.h"
#include "imapparser.h"

#include <QByteArray>
#include <QCoreApplication>
#include <QSet>
#include <QSslError>
#include <QString>

#include <atomic>
#include <functional>
#include <memory>

class QSslSocket;

// One IMAP connection, driven synchronously: every call blocks until the server answered, an
// error occurred, the connection went quiet for the endpoint's timeout, or the cancel flag was
// raised. It is meant for a worker thread (the sync job) or a command-line tool; the window never
// calls it. After any error the connection is closed and must be opened again.
//
// open() does what the NO STARTTLS study asks of a client: a PREAUTH greeting when TLS is wanted
// aborts before anything is sent; untagged responses before STARTTLS are ignored; bytes that
// arrive after the STARTTLS OK and before the handshake abort; capabilities are asked again once
// encrypted. Certificates are verified against the system CAs and the host name; a pinned
// SHA-256 fingerprint accepts one certificate despite errors.
class ImapConnection
{
    Q_DECLARE_TR_FUNCTIONS(ImapConnection)
public:
    enum class Error
    {
        None,
        Network, // could not connect, or the connection dropped: worth retrying
        Timeout,
        Certificate, // the server's certificate was refused: see certificateSha256()
        Security, // the server did something a safe client must not go along with
        Protocol, // a malformed or unexpected response
        Authentication, // user name or password (or token) refused
        Command, // a command answered NO or BAD
        Canceled
    };

    explicit ImapConnection(const ImapEndpoint &endpoint, const ImapParser::Limits &limits = {});
    ~ImapConnection();

    void setCancelFlag(const std::atomic_bool *canceled) { m_canceled = canceled; }

    bool open();
    bool login(const QString &user, const QString &password);
    // AUTHENTICATE XOAUTH2 or OAUTHBEARER with an access token.
    bool authenticateOAuth(const QString &user, const QString &token);
    void logout();
    bool isPreauthenticated() const { return m_preauth; }

    using UntaggedHandler = std::function<void(const ImapResponse &)>;
    // Sends "TAG command" and reads until the tagged answer; every untagged response goes to
    // `untagged` as it arrives (a FETCH of many messages streams through it). False unless OK.
    bool command(const QByteArray &command, const UntaggedHandler &untagged = {});

    // Waits in IDLE until an untagged response makes `wake` return true, the cancel flag is
    // raised or `maxMs` passed; then ends IDLE. False on an error.
    bool idle(int maxMs, const std::function<bool(const ImapResponse &)> &wake);

    bool hasCapability(const char *capability) const;
    Error error() const { return m_error; }
    QString errorString() const { return m_errorString; }
    QString lastResponseText() const { return m_lastText; }
    // The certificate the server presented, as a hex SHA-256 digest (for "trust this certificate").
    QByteArray certificateSha256() const { return m_certificateSha256; }
    qint64 bytesReceived() const { return m_bytesReceived; }
    // True once the TCP connection was up: a server that cannot be reached at all is not retried.
    bool reachedServer() const { return m_reachedServer; }
    // A quoted string for a command argument; empty when the text cannot be quoted (CR, LF, NUL).
    static QByteArray quoted(const QString &text);

private:
    bool connectSocket();
    bool startTls();
    bool refreshCapabilities();
    bool handshakeFailed();
    // The tagged answer to `tag`: true on OK; a NO or BAD sets Error::Command.
    bool finishTagged(const ImapResponse &response, const QByteArray &tag);
    bool authenticate(const QByteArray &mechanism, const QByteArray &initial);
    bool readResponse(ImapResponse *response);
    bool waitForBytes();
    bool send(const QByteArray &line);
    bool fail(Error error, const QString &text);
    void takeCapabilities(const QByteArray &words);
    QByteArray nextTag();

    ImapEndpoint m_endpoint;
    ImapParser::Limits m_limits;
    std::unique_ptr<QSslSocket> m_socket;
    ImapParser m_parser;
    const std::atomic_bool *m_canceled = nullptr;
    QSet<QByteArray> m_capabilities;
    QList<QSslError> m_sslErrors;
    QByteArray m_certificateSha256;
    Error m_error = Error::None;
    QString m_errorString;
    QString m_lastText;
    qint64 m_bytesReceived = 0;
    int m_tag = 0;
    bool m_preauth = false;
    bool m_reachedServer = false;
};
