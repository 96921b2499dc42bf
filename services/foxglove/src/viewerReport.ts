/** One viewer's line in the health detail: what it watches, what waits, what was dropped per topic. */
import type { LiveView } from "./LiveView";
import type { ViewerSocket } from "./ViewerSocket";

export interface ViewerReport {
  name: string;
  protocol: string;
  subscriptions: number;
  bufferedBytes: number;
  waiting: number;
  sent: number;
  dropped: number;
  droppedByTopic: Record<string, number>;
}

export function viewerReport(viewer: ViewerSocket, view: Pick<LiveView, "topicOf">): ViewerReport {
  const droppedByTopic: Record<string, number> = {};
  for (const [channel, n] of viewer.dropsByChannel()) {
    droppedByTopic[view.topicOf(channel) ?? `channel ${channel}`] = n;
  }
  return {
    name: viewer.name,
    protocol: viewer.protocol,
    subscriptions: viewer.subscriptions.size,
    bufferedBytes: viewer.bufferedBytes,
    waiting: viewer.outbox.waitingCount,
    sent: viewer.outbox.sent,
    dropped: viewer.outbox.totalDropped,
    droppedByTopic,
  };
}
