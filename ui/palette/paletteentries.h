#pragma once

#include "client/config/kubeconfig.h"
#include "client/discovery/apiresource.h"
#include "ui/palette/commandpalette.h"

namespace binnacle {

// What the palette offers besides the actions: every watchable kind of the cluster shown (by its plural, singular,
// kind and short names, with its icon), every context, and the window's own commands.
QList<CommandPalette::Entry> paletteEntries(const QList<ApiResource> &resources, const QList<KubeContext> &contexts);

} // namespace binnacle
