#pragma once

#include <QDialog>

class QCheckBox;
class QLineEdit;
class QTableWidget;

// Settings: reverse DNS (on or off, which name server) and the user's own organisation entries,
// which win over the shipped map ("our-relay.example -> Our relay, forwarder").
class SettingsDialog : public QDialog
{
    Q_OBJECT
public:
    explicit SettingsDialog(QWidget *parent = nullptr);

    // Writes the settings; the caller reloads what depends on them.
    void save();
    QTableWidget *organisations() const { return m_organisations; }
    void addOrganisation(const QString &domain, const QString &name, const QString &type);
    void setGeoIpDatabase(const QString &path);

private:
    QCheckBox *m_dnsEnabled;
    QLineEdit *m_nameserver;
    QLineEdit *m_geoip;
    QLineEdit *m_oauthClientId;
    QLineEdit *m_oauthClientSecret;
    QTableWidget *m_organisations;
};
