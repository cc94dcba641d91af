#include "ui/portforward/forwardworkspace.h"

#include "client/portforward/portforwarder.h"
#include "client/session/clustersession.h"
#include "models/portforward/forwardlistmodel.h"
#include "ui/actions/resourceref.h"
#include "ui/dock/bottomdock.h"
#include "ui/portforward/forwarddialog.h"
#include "ui/portforward/forwardstab.h"

#include <QPointer>

using namespace Qt::StringLiterals;

namespace binnacle {

ForwardWorkspace::ForwardWorkspace(BottomDock *dock, ForwardListModel *forwards, QWidget *window, QObject *parent)
    : QObject(parent)
    , m_dock(dock)
    , m_forwards(forwards)
    , m_window(window)
{
    m_dock->registerFactory(u"forwards"_s, [this](const QVariantMap &) { return new ForwardsTab(m_forwards); });
}

ForwardsTab *ForwardWorkspace::showPanel(int selectRow)
{
    auto *tab = static_cast<ForwardsTab *>(m_dock->open(new ForwardsTab(m_forwards)));
    if (selectRow >= 0)
        tab->selectRow(selectRow);
    return tab;
}

void ForwardWorkspace::requestForward(const ResourceRef &object)
{
    if (!object.session || !ForwardTarget::supportsKind(object.resource.kind))
        return;
    QPointer<ClusterSession> session = object.session;
    const ResourceRef ref = object;
    session->get(
        object.resource, object.namespaceName, object.name, this,
        [this, session, ref](const Result<ObjectReply> &reply) {
            if (!session)
                return;
            if (!reply) {
                emit message(tr("Cannot forward %1: %2").arg(ref.displayName(), reply.error().message()));
                return;
            }
            const QString context = session->config().contextName;
            const auto starter
                = [this, context, ref](const QString &remotePort, quint16 localPort, bool autoStart) -> Status {
                const ForwardTarget target {ref.resource.kind, ref.namespaceName, ref.name, remotePort};
                const Result<int> row = m_forwards->add(context, target, localPort, autoStart);
                if (!row)
                    return row.error();
                showPanel(row.value());
                const PortForwarder *forwarder = m_forwards->forwarder(row.value());
                emit message(tr("Forwarding %1 to %2")
                                 .arg(forwarder ? forwarder->localAddress() : QString(), target.displayName()));
                return Done {};
            };
            auto *dialog = new ForwardDialog(
                ref.displayName(), ForwardPorts::declared(ref.resource.kind, reply->object), starter, m_window);
            dialog->setAttribute(Qt::WA_DeleteOnClose);
            dialog->open();
        });
}

} // namespace binnacle
