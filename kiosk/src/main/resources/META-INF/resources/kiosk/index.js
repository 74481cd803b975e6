  const token = new URLSearchParams(location.search).get('token');
  const withToken = path => path + (token ? '?token=' + encodeURIComponent(token) : '');
  fetch('/api/v1/shelves', {headers: token ? {Authorization: 'Bearer ' + token} : {}}).then(r => {
    if (r.status === 401) throw new Error('需要展示屏令牌：请用管理员给出的带 ?token= 的地址打开 · open this page with the ?token= address an admin gave you');
    if (!r.ok) throw new Error('HTTP ' + r.status);
    return r.json();
  }).then(shelves => {
    const ul = document.getElementById('shelves');
    ul.textContent = '';
    for (const s of shelves) {
      const li = document.createElement('li');
      li.dataset.shelf = s.shelf;
      const name = document.createElement('span');
      name.className = 'name';
      name.textContent = s.shelf + ' · ' + (s.name || '');
      const state = document.createElement('span');
      state.className = 'state ' + (s.online ? 'on' : 'off');
      state.textContent = s.online ? '在线 online' : '离线 offline';
      const kiosk = document.createElement('a');
      kiosk.className = 'btn primary';
      kiosk.href = withToken('/kiosk/' + encodeURIComponent(s.shelf));
      kiosk.textContent = '展示屏 Display';
      const virt = document.createElement('a');
      virt.className = 'btn';
      virt.href = withToken('/virtual/' + encodeURIComponent(s.shelf));
      virt.textContent = '虚拟货架 Virtual shelf';
      li.append(name, state, kiosk, virt);
      ul.append(li);
    }
    if (!shelves.length) ul.innerHTML = '<li class="muted">还没有货架 No shelves yet</li>';
  }).catch(e => {
    document.getElementById('shelves').innerHTML = '';
    const li = document.createElement('li');
    li.textContent = '无法读取货架列表 Cannot load the shelves: ' + e.message;
    document.getElementById('shelves').append(li);
  });
