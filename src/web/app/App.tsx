import { Center, Loader } from '@mantine/core';
import { RouterProvider } from '@tanstack/react-router';
import { lazy, Suspense } from 'react';
import { useMe } from '../auth/me.ts';
import { SignIn } from '../auth/SignIn.tsx';

// The router and its pages load only after sign-in, so the sign-in page stays small.
const SignedIn = lazy(async () => {
  const { router } = await import('./router.tsx');
  return { default: () => <RouterProvider router={router} /> };
});

const fullPageLoader = (
  <Center h="100vh">
    <Loader aria-label="loading" />
  </Center>
);

export function App() {
  const me = useMe();
  if (me.isPending) return fullPageLoader;
  if (!me.data) return <SignIn />;
  return (
    <Suspense fallback={fullPageLoader}>
      <SignedIn />
    </Suspense>
  );
}
