import { App as AntApp } from 'antd';
import { BrowserRouter, Route, Routes } from 'react-router-dom';
import { I18nProvider } from './i18n';
import { AssignmentDetailPage } from './screens/assignment-detail/AssignmentDetailPage';
import { AssignmentsPage } from './screens/assignments/AssignmentsPage';
import { CalendarPage } from './screens/calendar/CalendarPage';
import { DisputesPage } from './screens/disputes/DisputesPage';
import { InboxPage } from './screens/inbox/InboxPage';
import { ListsPage } from './screens/lists/ListsPage';
import { LoginPage } from './screens/login/LoginPage';
import { MyTasksPage } from './screens/my-tasks/MyTasksPage';
import { OverduePage } from './screens/overdue/OverduePage';
import { ReviewsPage } from './screens/reviews/ReviewsPage';
import { SubmitTaskPage } from './screens/submit-task/SubmitTaskPage';
import { TaskDetailPage } from './screens/task-detail/TaskDetailPage';
import { UsersPage } from './screens/users/UsersPage';
import { WebhooksPage } from './screens/webhooks/WebhooksPage';
import { HomeRedirect, NotFound, RequireRole, RequireSession } from './shell/guards';
import { SessionProvider } from './shell/session';

export function App() {
  return (
    <I18nProvider>
      <AntApp>
        <BrowserRouter>
          <SessionProvider>
            <Routes>
              <Route path="/login" element={<LoginPage />} />
              <Route element={<RequireSession />}>
                <Route index element={<HomeRedirect />} />
                <Route path="inbox" element={<InboxPage />} />
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
                </Route>
                <Route element={<RequireRole roles={['street']} />}>
                  <Route path="assignments" element={<AssignmentsPage />} />
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
                <Route element={<RequireRole roles={['admin']} />}>
                  <Route path="calendar" element={<CalendarPage />} />
                  <Route path="webhooks" element={<WebhooksPage />} />
                  <Route path="users" element={<UsersPage />} />
                </Route>
                <Route path="*" element={<NotFound />} />
              </Route>
            </Routes>
          </SessionProvider>
        </BrowserRouter>
      </AntApp>
    </I18nProvider>
  );
}
