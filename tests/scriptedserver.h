#pragma once

#include <QHostAddress>
#include <QMutex>
#include <QSemaphore>
#include <QSslSocket>
#include <QTcpServer>
#include <QThread>

#include <functional>
#include <memory>

// A fake IMAP server on its own thread that plays a script against one client: for the attacks
// and broken replies a real server never sends (STARTTLS injection, PREAUTH, giant literals).
// The script reads and writes a blocking socket; what the client sent is kept for the test.
class ScriptedServer
{
public:
    using Script = std::function<void(QSslSocket &client, ScriptedServer &server)>;

    explicit ScriptedServer(Script script)
        : m_script(std::move(script))
    {
        m_thread.reset(QThread::create([this] { serve(); }));
        m_thread->start();
        m_ready.acquire();
    }
    ~ScriptedServer() { m_thread->wait(); }

    quint16 port() const { return m_port; }

    // Blocks until the script ended and the client hung up (or 5 s passed).
    QByteArray received()
    {
        m_thread->wait(10000);
        QMutexLocker lock(&m_mutex);
        return m_received;
    }
    QList<QByteArray> receivedLines() { return received().split('\n'); }

    // For scripts: the next line the client sends (without CRLF), empty when it hung up.
    QByteArray readLine(QSslSocket &client)
    {
        while (!client.canReadLine()) {
            if (!client.waitForReadyRead(5000))
                return {};
        }
        const QByteArray line = client.readLine();
        record(line);
        return line.trimmed();
    }
    // For scripts: waits for the client to hang up, keeping whatever it still sends.
    void drain(QSslSocket &client)
    {
        while (client.state() == QAbstractSocket::ConnectedState && client.waitForReadyRead(5000))
            record(client.readAll());
        record(client.readAll());
    }
    bool hungUp() const { return m_hungUp; }

private:
    class DescriptorServer : public QTcpServer
    {
    public:
        qintptr descriptor = -1;

    protected:
        void incomingConnection(qintptr socketDescriptor) override
        {
            descriptor = socketDescriptor;
        }
    };

    void record(const QByteArray &bytes)
    {
        QMutexLocker lock(&m_mutex);
        m_received += bytes;
    }

    void serve()
    {
        DescriptorServer server;
        server.listen(QHostAddress::LocalHost);
        m_port = server.serverPort();
        m_ready.release();
        if (!server.waitForNewConnection(10000) || server.descriptor < 0)
            return;
        QSslSocket client;
        client.setSocketDescriptor(server.descriptor);
        m_script(client, *this);
        drain(client);
        m_hungUp = client.state() != QAbstractSocket::ConnectedState;
    }

    Script m_script;
    std::unique_ptr<QThread> m_thread;
    QSemaphore m_ready;
    quint16 m_port = 0;
    QMutex m_mutex;
    QByteArray m_received;
    bool m_hungUp = false;
};
