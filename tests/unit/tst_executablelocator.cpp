// The login shell's PATH is learnt once per process, so this test has a process of its own. Two clusters whose
// plugin is only on the login shell's PATH refresh at once: the second must wait for the first's answer and use
// it, not fail with "not found" while the shell is still being asked.

#include "client/auth/execcredentialprovider.h"
#include "client/auth/executablelocator.h"

#include <QDir>
#include <QFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace binnacle;

class ExecutableLocatorTest : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;

    void writeScript(const QString &path, const QByteArray &content)
    {
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
        file.write(content);
        file.close();
        QVERIFY(file.setPermissions(file.permissions() | QFileDevice::ExeOwner));
    }

    ClusterConfig pluginConfig(const QString &context) const
    {
        ClusterConfig config;
        config.contextName = context;
        config.userName = context;
        config.server = QUrl(u"https://%1.example:6443"_s.arg(context));
        ExecConfig exec;
        exec.command = u"binnacle-login-path-plugin"_s; // on no PATH but the login shell's
        exec.apiVersion = u"client.authentication.k8s.io/v1"_s;
        config.exec = exec;
        return config;
    }

private slots:
    void secondLookupWaitsForTheLoginShellsAnswer()
    {
        const QString bin = m_dir.filePath(u"bin"_s);
        QVERIFY(QDir().mkpath(bin));
        writeScript(bin + u"/binnacle-login-path-plugin"_s,
                    R"(#!/bin/sh
printf '{"apiVersion":"client.authentication.k8s.io/v1","kind":"ExecCredential","status":{"token":"t"}}'
)");
        // A login shell that takes its time: it answers only once the test lets it.
        writeScript(m_dir.filePath(u"login-shell"_s),
                    QStringLiteral(R"(#!/bin/sh
echo asked >> '%1/asked'
while [ ! -e '%1/release' ]; do sleep 0.02; done
printf %s '%2'
)")
                        .arg(m_dir.path(), bin)
                        .toUtf8());
        qputenv("SHELL", m_dir.filePath(u"login-shell"_s).toLocal8Bit());
        QVERIFY(ExecutableLocator::find(u"binnacle-login-path-plugin"_s).isEmpty());

        ExecCredentialProvider first(pluginConfig(u"first"_s), nullptr);
        ExecCredentialProvider second(pluginConfig(u"second"_s), nullptr);
        QSignalSpy firstDone(&first, &CredentialProvider::refreshed);
        QSignalSpy firstFailed(&first, &CredentialProvider::failed);
        QSignalSpy secondDone(&second, &CredentialProvider::refreshed);
        QSignalSpy secondFailed(&second, &CredentialProvider::failed);

        first.refresh();
        QTRY_VERIFY(QFile::exists(m_dir.filePath(u"asked"_s))); // the login shell is being asked
        second.refresh(); // meanwhile, another cluster needs the same plugin
        QVERIFY2(secondFailed.isEmpty(),
                 secondFailed.isEmpty() ? "" : qPrintable(secondFailed.first().first().value<Error>().message()));

        QFile release(m_dir.filePath(u"release"_s));
        QVERIFY(release.open(QIODevice::WriteOnly));
        release.close();
        QTRY_COMPARE(firstDone.size() + firstFailed.size(), 1);
        QTRY_COMPARE(secondDone.size() + secondFailed.size(), 1);
        QVERIFY2(firstFailed.isEmpty(),
                 firstFailed.isEmpty() ? "" : qPrintable(firstFailed.first().first().value<Error>().message()));
        QVERIFY2(secondFailed.isEmpty(),
                 secondFailed.isEmpty() ? "" : qPrintable(secondFailed.first().first().value<Error>().message()));
        QCOMPARE(first.pluginRuns(), 1);
        QCOMPARE(second.pluginRuns(), 1);

        // The shell was asked once, and what it said is now part of the search path.
        QFile asked(m_dir.filePath(u"asked"_s));
        QVERIFY(asked.open(QIODevice::ReadOnly));
        QCOMPARE(asked.readAll().count('\n'), 1);
        QVERIFY(ExecutableLocator::loginShellPathKnown());
        QCOMPARE(ExecutableLocator::find(u"binnacle-login-path-plugin"_s), bin + u"/binnacle-login-path-plugin"_s);
    }
};

QTEST_GUILESS_MAIN(ExecutableLocatorTest)
#include "tst_executablelocator.moc"
