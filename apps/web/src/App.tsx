import { QueryClientProvider } from '@tanstack/react-query';
import { App as AntApp } from 'antd';
import { useState } from 'react';
import { BrowserRouter, Route, Routes } from 'react-router-dom';
import { createQueryClient } from './api/queryClient';
// The /login route inside the app (after sign-out or an expired session); a visit that starts
// without a session gets the same card from main.tsx before this module is loaded.
import { LoginPage } from './screens/login/LoginPage';
import { I18nProvider } from './i18n';
import { HomeRedirect, NotFound, RequireRole, RequireSession } from './shell/guards';
import { screen, WorkbenchPage } from './shell/preload';
import { ScreenBoundary } from './shell/ScreenBoundary';
import { SessionProvider } from './shell/session';

const AssignmentDetailPage = screen(
  () => import('./screens/assignment-detail/AssignmentDetailPage'),
  'AssignmentDetailPage',
);
const AssessmentPage = screen(() => import('./screens/assessment/AssessmentPage'), 'AssessmentPage');
const MyScorecardPage = screen(() => import('./screens/assessment/MyScorecardPage'), 'MyScorecardPage');
const RatingsPage = screen(() => import('./screens/assessment/RatingsPage'), 'RatingsPage');
const AssignmentsPage = screen(() => import('./screens/assignments/AssignmentsPage'), 'AssignmentsPage');
const CalendarPage = screen(() => import('./screens/calendar/CalendarPage'), 'CalendarPage');
const DisputesPage = screen(() => import('./screens/disputes/DisputesPage'), 'DisputesPage');
const InboxPage = screen(() => import('./screens/inbox/InboxPage'), 'InboxPage');
const ListsPage = screen(() => import('./screens/lists/ListsPage'), 'ListsPage');
const MattersPage = screen(() => import('./screens/matters/MattersPage'), 'MattersPage');
const ListDiffPage = screen(() => import('./screens/matters/ListDiffPage'), 'ListDiffPage');
const MyTasksPage = screen(() => import('./screens/my-tasks/MyTasksPage'), 'MyTasksPage');
const OverduePage = screen(() => import('./screens/overdue/OverduePage'), 'OverduePage');
const ReviewsPage = screen(() => import('./screens/reviews/ReviewsPage'), 'ReviewsPage');
const SubmitTaskPage = screen(() => import('./screens/submit-task/SubmitTaskPage'), 'SubmitTaskPage');
const TaskDetailPage = screen(() => import('./screens/task-detail/TaskDetailPage'), 'TaskDetailPage');
const UsersPage = screen(() => import('./screens/users/UsersPage'), 'UsersPage');
const WorklistPage = screen(() => import('./screens/worklist/WorklistPage'), 'WorklistPage');
const PrintPage = screen(() => import('./screens/print/PrintPage'), 'PrintPage');
const WebhooksPage = screen(() => import('./screens/webhooks/WebhooksPage'), 'WebhooksPage');
const SummonsListPage = screen(() => import('./screens/summons/SummonsListPage'), 'SummonsListPage');
const NewSummonsPage = screen(() => import('./screens/summons/NewSummonsPage'), 'NewSummonsPage');
const SummonsDetailPage = screen(() => import('./screens/summons/SummonsDetailPage'), 'SummonsDetailPage');
const JointActionsPage = screen(() => import('./screens/joint-actions/JointActionsPage'), 'JointActionsPage');
const ClaimsPage = screen(() => import('./screens/tolerance/ClaimsPage'), 'ClaimsPage');
const ClaimQueuePage = screen(() => import('./screens/tolerance/ClaimQueuePage'), 'ClaimQueuePage');
const ToleranceItemsPage = screen(
  () => import('./screens/tolerance/ToleranceItemsPage'),
  'ToleranceItemsPage',
);
const StaffingPage = screen(() => import('./screens/staffing/StaffingPage'), 'StaffingPage');
const EnforcementPage = screen(() => import('./screens/powers/EnforcementPage'), 'EnforcementPage');
const PowersPage = screen(() => import('./screens/powers/PowersPage'), 'PowersPage');

export { preloadSignedIn } from './shell/preload';

export function App() {
  // One cache of server state for the life of the page; the session clears it (shell/session).
  const [queryClient] = useState(createQueryClient);
  return (
    <QueryClientProvider client={queryClient}>
      <I18nProvider>
        <AntApp>
          <BrowserRouter>
            <SessionProvider>
              <Routes>
                <Route
                  path="/login"
                  element={
                    <ScreenBoundary>
                      <LoginPage />
                    </ScreenBoundary>
                  }
                />
                {/* Signed-in screens load inside the layout's own boundary: the menu stays while they do. */}
                <Route element={<RequireSession />}>
                  <Route index element={<HomeRedirect />} />
                  <Route path="inbox" element={<InboxPage />} />
                  <Route path="workbench" element={<WorkbenchPage />} />
                  <Route path="worklist" element={<WorklistPage />} />
                  <Route element={<RequireRole roles={['department']} />}>
                    <Route path="tasks" element={<MyTasksPage />} />
                    <Route path="tasks/new" element={<SubmitTaskPage />} />
                  </Route>
                  <Route
                    element={
                      <RequireRole roles={['department', 'street', 'reviewer', 'supervisor', 'admin']} />
                    }
                  >
                    <Route path="tasks/:id" element={<TaskDetailPage />} />
                    <Route path="assignments/:id" element={<AssignmentDetailPage />} />
                    <Route path="summons" element={<SummonsListPage />} />
                    <Route path="summons/:id" element={<SummonsDetailPage />} />
                    <Route path="joint-actions" element={<JointActionsPage />} />
                    <Route path="print/:kind/:id" element={<PrintPage />} />
                    <Route path="matters" element={<MattersPage />} />
                    <Route path="matters/diff" element={<ListDiffPage />} />
                  </Route>
                  <Route element={<RequireRole roles={['street']} />}>
                    <Route path="assignments" element={<AssignmentsPage />} />
                    <Route path="summons/new" element={<NewSummonsPage />} />
                    <Route path="enforcement" element={<EnforcementPage />} />
                  </Route>
                  <Route element={<RequireRole roles={['reviewer', 'supervisor']} />}>
                    <Route path="powers" element={<PowersPage />} />
                  </Route>
                  <Route element={<RequireRole roles={['reviewer', 'supervisor']} />}>
                    <Route path="reviews" element={<ReviewsPage />} />
                    <Route path="disputes" element={<DisputesPage />} />
                  </Route>
                  <Route element={<RequireRole roles={['reviewer']} />}>
                    <Route path="lists" element={<ListsPage />} />
                  </Route>
                  <Route element={<RequireRole roles={['supervisor', 'reviewer', 'admin']} />}>
                    <Route path="overdue" element={<OverduePage />} />
                  </Route>
                  <Route element={<RequireRole roles={['supervisor', 'reviewer', 'admin']} />}>
                    <Route path="assessment" element={<AssessmentPage />} />
                  </Route>
                  <Route element={<RequireRole roles={['street', 'department']} />}>
                    <Route path="my-scorecard" element={<MyScorecardPage />} />
                  </Route>
                  <Route element={<RequireRole roles={['street']} />}>
                    <Route path="ratings" element={<RatingsPage />} />
                  </Route>
                  <Route element={<RequireRole roles={['admin']} />}>
                    <Route path="calendar" element={<CalendarPage />} />
                    <Route path="webhooks" element={<WebhooksPage />} />
                    <Route path="users" element={<UsersPage />} />
                  </Route>
                  <Route element={<RequireRole roles={['street', 'department', 'reviewer']} />}>
                    <Route path="tolerance/claims" element={<ClaimsPage />} />
                  </Route>
                  <Route element={<RequireRole roles={['supervisor']} />}>
                    <Route path="tolerance/queue" element={<ClaimQueuePage />} />
                    <Route path="tolerance/items" element={<ToleranceItemsPage />} />
                  </Route>
                  <Route element={<RequireRole roles={['reviewer', 'supervisor', 'admin']} />}>
                    <Route path="staffing" element={<StaffingPage />} />
                  </Route>
                  <Route path="*" element={<NotFound />} />
                </Route>
              </Routes>
            </SessionProvider>
          </BrowserRouter>
        </AntApp>
      </I18nProvider>
    </QueryClientProvider>
  );
}
