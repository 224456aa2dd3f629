import { AdminApp } from "@/features/admin/admin-app";

export default function AdminPage() {
  return <AdminApp />;
}
