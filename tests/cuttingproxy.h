#pragma once

#include <QHostAddress>
#include <QTcpServer>
#include <QTcpSocket>
#include <QThread>

#include <atomic>
#include <functional>

// A TCP proxy on its own thread that cuts connection N at the point rule N names in the
// server's byte stream (the greeting, inside a literal, before a tagged OK ...), then passes the
// following connections through untouched.
class CuttingProxy
{
public:
    // Given what the server sent on this connection so far, the offset to cut at, or -1 while
    // that point has not arrived yet.
    using CutRule = std::function<qsizetype(const QByteArray &serverBytes)>;

    static CutRule atOffset(qsizetype offset)
    {
        return [offset](const QByteArray &bytes) {
            return bytes.size() >= offset ? offset : -1;
        };
    }
    // `delta` bytes after the start of the n-th (1-based) occurrence of `pattern`.
    static CutRule nearPattern(const QByteArray &pattern, int occurrence, qsizetype delta)
    {
        return [=](const QByteArray &bytes) -> qsizetype {
            qsizetype at = -1;
            for (int i = 0; i < occurrence; ++i)
                if ((at = bytes.indexOf(pattern, at + 1)) < 0)
                    return -1;
            return bytes.size() >= at + delta ? at + delta : -1;
        };
    }

    CuttingProxy(quint16 targetPort, QList<CutRule> rules)
        : m_targetPort(targetPort)
        , m_rules(std::move(rules))
    {
        m_server.moveToThread(&m_thread);
        QObject::connect(&m_server, &QTcpServer::newConnection, &m_server, [this] { accept(); });
        m_thread.start();
        QMetaObject::invokeMethod(
            &m_server, [this] { m_server.listen(QHostAddress::LocalHost); },
            Qt::BlockingQueuedConnection);
    }
    ~CuttingProxy()
    {
        QMetaObject::invokeMethod(
            &m_server, [this] { m_server.close(); }, Qt::BlockingQueuedConnection);
        m_thread.quit();
        m_thread.wait();
    }

    quint16 port() const { return m_server.serverPort(); }
    int cuts() const { return m_cuts; }

private:
    void accept()
    {
        while (QTcpSocket *client = m_server.nextPendingConnection()) {
            auto *upstream = new QTcpSocket(client);
            const CutRule rule
                = m_connections < m_rules.size() ? m_rules.at(m_connections) : CutRule();
            ++m_connections;
            auto seen = std::make_shared<QByteArray>();
            QObject::connect(client, &QTcpSocket::readyRead, upstream,
                [client, upstream] { upstream->write(client->readAll()); });
            QObject::connect(upstream, &QTcpSocket::readyRead, client, [=] {
                const QByteArray data = upstream->readAll();
                const qsizetype before = seen->size();
                seen->append(data);
                const qsizetype cut = rule ? rule(*seen) : -1;
                if (cut < 0) {
                    client->write(data);
                    return;
                }
                client->write(data.first(qBound<qsizetype>(0, cut - before, data.size())));
                client->flush();
                client->waitForBytesWritten(1000);
                ++m_cuts;
                upstream->abort();
                client->abort();
                client->deleteLater();
            });
            QObject::connect(
                upstream, &QTcpSocket::disconnected, client, &QTcpSocket::disconnectFromHost);
            QObject::connect(client, &QTcpSocket::disconnected, client, &QObject::deleteLater);
            upstream->connectToHost(QHostAddress::LocalHost, m_targetPort);
            // Bytes the client sends before the upstream connection is up wait in its buffer.
            upstream->waitForConnected(2000);
            if (client->bytesAvailable())
                upstream->write(client->readAll());
        }
    }

    QThread m_thread;
    QTcpServer m_server;
    quint16 m_targetPort;
    QList<CutRule> m_rules;
    int m_connections = 0;
    std::atomic_int m_cuts { 0 };
};
